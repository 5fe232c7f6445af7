/**
 * Why the tools that cannot count (EventBridge, Falco) or cannot count per person or address
 * (CloudWatch) refuse a counting rule (count.ts), in plain words. Said once here, so the exporters
 * that refuse and the reviewed list of refusals (known-refusals.ts) read the same words, and this
 * file stays light enough for the rule builder to load.
 */

/** EventBridge sees one event at a time; a count over all events can go to CloudWatch instead. */
export const eventbridgeCountReason = 'EventBridge cannot count events; use the CloudWatch file, or the per-event rule (remove the count)';
/** The same, for a count per person or address, which CloudWatch cannot do either. */
export const eventbridgeCountByReason = 'EventBridge cannot count events; use the Sigma, Elastic or Splunk file, or the per-event rule (remove the count)';
/** Falco's rules see one event at a time; a counting rule goes to a tool that counts. */
export const falcoCountReason = 'Falco cannot count events; use the Sigma, Elastic or Splunk file, or the per-event rule (remove the count)';
/**
 * Why a count per person or per address is refused: an alarm watches one metric, and a metric
 * filter's dimensions would make one metric per ARN or address, which no alarm can name in advance
 * (and CloudWatch Logs turns a filter off when its dimensions take too many values). Contributor
 * Insights can count per key, but its filters are not metric filter patterns, so the rule's
 * condition could not be carried over exactly.
 */
export const cloudwatchCountByReason =
  'a CloudWatch alarm counts all matching events together; it cannot count them per person or per address. Remove "by" to count all of them, or use the Sigma, Elastic or Splunk file';
