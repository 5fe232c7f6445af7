/**
 * The README that goes into a "download all" zip: for each tool folder the zip holds, what the
 * files are and how to install them, who they tell when (the delivery matrix), and how often each
 * rule fires, in plain words. Written from the file list, so it never describes a file that is not
 * there.
 */
import { cliCommand, cliDownloadLines, cliGuidePath, cliNodeVersion, siteOrigin } from '../../cli/download.ts';
import { recipeFileNames } from '../../cli/ci-recipes.ts';
/** The CI recipes for the zip, beside this README (the builder loads both together). */
export { zipRecipeFiles } from '../../cli/ci-recipes.ts';
import type { ExportedFile, TargetId } from '../target.ts';
import { targetIds } from '../target.ts';
import type { TargetRefusal } from '../targets.ts';
import type { Alerting, Rule } from '../model.ts';
import { alertingOf } from '../model.ts';
import { arrivalOf, cloudwatchRegionSentence, eventbridgeRegionSentence } from '../regions.ts';
import { deliveryTableMarkdown } from '../delivery/index.ts';
import { noiseSection } from '../noise.ts';
import { sourceOf } from '../sources.ts';

/** How the two AWS folders page on-call, said once for both. */
const awsPaging =
  'Paging: fill in your pager’s integration URL (a sensitive Terraform variable, or a NoEcho CloudFormation parameter); it never goes in the files. For look-today rules with working hours, Terraform also makes a PagerDuty service with those support hours, or an Opsgenie notification policy. Set PAGERDUTY_TOKEN or OPSGENIE_API_KEY for that. For Opsgenie, the account’s time zone must be the rule’s. With CloudFormation you set that part up by hand, as each parameter’s description says.';

const howTo: Record<string, { name: string; steps: string[] }> = {
  sigma: {
    name: 'Sigma',
    steps: [
      'One .yml file per rule, in the Sigma format most security tools can import.',
      'Convert them for your tool with sigma-cli, for example: sigma convert -t splunk -p splunk_cim sigma/*.yml',
      'Or load the .yml files into a tool that reads Sigma directly.',
      'Sigma only says what to detect: nothing in this folder posts or pages. Set up alerting in the tool you convert to, or use one of the other folders.',
    ],
  },
  eventbridge: {
    name: 'AWS EventBridge',
    steps: [
      'One event pattern per rule (*.pattern.json), and the same rules ready to deploy as a CloudFormation template (template.json) or Terraform (main.tf.json).',
      'The rules alert from us-east-1 (N. Virginia): AWS sends the events of global services such as IAM to EventBridge there and nowhere else. Rules that also watch other regions get a copy in each of them that sends the events that match on to us-east-1.',
      'With Terraform: copy main.tf.json into a folder of its own, then terraform init and terraform apply. It makes the rules in us-east-1 and the copies in every region your account has turned on, whatever region you run it in.',
      'Or with CloudFormation: aws cloudformation deploy --region us-east-1 --template-file eventbridge/template.json --stack-name plainsec-rules --capabilities CAPABILITY_IAM',
      'If there is a forward-to-us-east-1.template.json, deploy it the same way in each other region you use (change --region and the stack name), or as a StackSet.',
      'The template creates an SNS topic per urgency (per urgency and channel where rules of one urgency go to different channels), so each channel gets only its own rules’ alerts. AWS Chatbot posts them; the folder’s README.md says what to fill in.',
      awsPaging,
    ],
  },
  cloudwatch: {
    name: 'Amazon CloudWatch',
    steps: [
      'Metric filters and alarms on the log group your CloudTrail trail sends to, as CloudFormation (template.json) or Terraform (main.tf.json).',
      'Deploy with aws cloudformation deploy or terraform apply, giving the name of your CloudTrail log group when asked.',
      cloudwatchRegionSentence,
      awsPaging,
    ],
  },
  falco: {
    name: 'Falco',
    steps: [
      'One rules file for Falco with the CloudTrail plugin.',
      'Copy it next to your Falco rules (for example /etc/falco/rules.d/) and restart Falco; falco --validate checks it first.',
      'falcosidekick.yaml tells falcosidekick to post every Falco alert in your chat, and to page for Critical ("wake me up") alerts. It holds no secrets: set SLACK_WEBHOOKURL (or MATTERMOST_WEBHOOKURL or TEAMS_WEBHOOKURL) and PAGERDUTY_ROUTINGKEY (or OPSGENIE_APIKEY) where falcosidekick runs, then start it with falcosidekick -c falcosidekick.yaml.',
      'falcosidekick knows nothing of working hours or of each rule’s channel, and cannot page Splunk On-Call. For those, set ALERTMANAGER_HOSTPORT to the Alertmanager that runs alertmanager/alertmanager.yml, and empty the direct outputs so nobody is told twice. The folder’s README.md says how.',
    ],
  },
  alertmanager: {
    name: 'Prometheus Alertmanager',
    steps: [
      'alertmanager.yml routes each rule to its channel and pages for "wake me up"; its own README.md says where the webhook addresses go.',
      'Check it with: amtool check-config alertmanager/alertmanager.yml, then reload Alertmanager.',
      'announce-alerts.json lists your rules for the Announce a change page, so silences name exactly these alerts.',
    ],
  },
  elastic: {
    name: 'Elastic Security',
    steps: [
      'Detection rules as NDJSON, over the logs-aws.cloudtrail data of the Elastic AWS integration, with the connectors their actions post and page through.',
      'Import them in Kibana: Security → Rules → Import rules, choose plainsec-rules.ndjson and tick "Overwrite existing connectors"; it brings the rules and their connectors.',
      'Kibana then asks for each connector’s secret, in Stack Management → Connectors. For Slack, fill in the Slack app token (one connector for all channels). For Microsoft Teams or Mattermost, fill in each channel’s incoming webhook (one connector a channel). Then add your PagerDuty integration key or Opsgenie API key.',
      'For Splunk On-Call, edit the webhook connector’s address and put your Splunk On-Call key where it says PASTE-YOUR-REST-API-KEY.',
    ],
  },
  splunk: {
    name: 'Splunk',
    steps: [
      'Saved searches that alert, over CloudTrail data from the Splunk Add-on for AWS, with actions that post in your chat and page your on-call person.',
      'Copy savedsearches.conf into an app’s local folder (for example $SPLUNK_HOME/etc/apps/search/local/) and restart Splunk. Or paste each search into Search & Reporting → Alerts.',
      'Install the Slack Notification Alert app and give it your Slack OAuth token in its setup page. For Mattermost, leave the token empty and put your Mattermost incoming webhook under "Slack Incoming Webhook". For Microsoft Teams, install the Microsoft Teams alert action app and put the channel’s Workflows webhook in its Configuration page.',
      'Install your pager’s Splunk app. Put its secret in that app’s own setup page: the PagerDuty integration URL, the Opsgenie API key, or the Splunk On-Call API key. The file holds no secrets.',
      'Rules that page outside working hours read the time in the time zone of the user who owns the search. Set that user’s time zone to the rule’s (Settings → Account settings → Time zone).',
    ],
  },
  athena: {
    name: 'Amazon Athena: search months of logs first',
    steps: [
      'Before you turn an alert on, see whether it already happened and how often it would have fired. These are searches over the CloudTrail logs your trail keeps in S3. They tell no one: they answer once, when you run them.',
      'Run create-table.sql once in the Athena query editor. First put in your bucket, your account IDs and the first day of your logs where its comment says. It makes a table that finds each day’s logs by itself.',
      'Then run RULE.per-day.sql: one row per day the rule would have fired, with how many times. RULE.sql lists each time, with who did what and where. Both search the last 30 days; change the number on the line with "day >=" to search more.',
      'Athena charges by the data a query reads. Searching fewer days costs less.',
    ],
  },
  'cloudtrail-lake': {
    name: 'AWS CloudTrail Lake: the same searches',
    steps: [
      'If your team keeps CloudTrail in a CloudTrail Lake event data store, run these in CloudTrail → Lake → Query instead. Put the store’s ID (the end of its ARN) in place of EVENT_DATA_STORE_ID.',
      'RULE.per-day.sql counts the times a day; RULE.sql lists them. AWS no longer offers CloudTrail Lake to new customers (since 31 May 2026); use the Athena files if you do not have it.',
    ],
  },
};

/** A rule a tool (or a search) did not write, and why. */
type Refused = Omit<TargetRefusal, 'target'> & { target: string };

/** The guide to turning on a cluster's audit log, which EKS leaves off. */
const clusterAuditGuidePath = '/guides/start-somewhere/turning-on-the-cluster-audit-log/';

/** Where the CloudWatch files of rules on a cluster's audit log go, when the zip has any. */
function cloudwatchClusterLines(rules: readonly Rule[], refused: readonly Refused[], origin: string): string[] {
  const cluster = rules.filter((r) => sourceOf(r) === 'k8s-audit' && !refused.some((x) => x.target === 'cloudwatch' && x.ruleId === r.id));
  if (cluster.length === 0) return [];
  return [
    `Rules on your cluster’s audit log (${cluster.map((r) => r.id).join(', ')}) read the log group EKS writes it to, /aws/eks/<cluster name>/cluster. Give the cluster’s name when asked (eks_cluster_name in Terraform, EksClusterName in CloudFormation), and deploy in the cluster’s region.`,
    `EKS writes that log only once audit is turned on in the cluster’s logging settings. This guide says how: ${new URL(clusterAuditGuidePath, origin).href}`,
    'If your CloudTrail log group is in another region, export the cluster rules on their own and deploy them in the cluster’s region.',
    '',
  ];
}

/** For each rule with an EventBridge pattern in the zip, where its files put it. */
function eventbridgeRegionLines(files: readonly ExportedFile[], rules: readonly Pick<Rule, 'id' | 'when' | 'exceptions'>[]): string[] {
  const lines = rules.filter((r) => files.some((f) => f.path === `eventbridge/${r.id}.pattern.json`)).map((r) => `- ${r.id}: ${eventbridgeRegionSentence(arrivalOf(r))}`);
  return lines.length > 0 ? ['Where each rule is set up:', '', ...lines, ''] : [];
}

/**
 * README.md for a zip holding these files; refusals are listed so nothing goes missing unexplained.
 * The EventBridge part says where each rule is set up; a table says who each folder's files tell,
 * and when; the rules' noise says how often each fires.
 */
export function installReadme(
  files: readonly ExportedFile[],
  refused: readonly Refused[],
  ruleSet: { rules: readonly Rule[]; alerting?: Partial<Alerting> | undefined },
  /** The address of the site that made the zip, so its download lines point back there. */
  origin: string = siteOrigin,
): string {
  const { rules } = ruleSet;
  const ruleCount = rules.length;
  const folders = [...new Set(files.map((f) => f.path.split('/')[0]!))];
  const lines = [
    '# Plainsec alert rules',
    '',
    `${ruleCount} rule${ruleCount === 1 ? '' : 's'}, as files for each tool. Every file fires on the same CloudTrail events, but not every file tells the same people: see "Who is told when" below before you rely on one.`,
    '',
  ];
  for (const folder of folders) {
    const about = howTo[folder];
    lines.push(`## ${about?.name ?? folder} (${folder}/)`, '');
    for (const step of about?.steps ?? ['Files for this tool.']) lines.push(`- ${step}`);
    lines.push('');
    if (folder === 'eventbridge') lines.push(...eventbridgeRegionLines(files, rules));
    if (folder === 'cloudwatch') lines.push(...cloudwatchClusterLines(rules, refused, origin));
  }
  // A tool is in the table when it wrote a file for at least one rule; its rows are for those rules.
  const shown = targetIds.filter((id) => folders.includes(id));
  const delivered = rules.filter((r) => shown.some((id) => !refused.some((x) => x.target === id && x.ruleId === r.id)));
  lines.push(...deliveryTableMarkdown(shown as TargetId[], delivered, alertingOf(ruleSet)));
  if (refused.length > 0) {
    lines.push('## Not included', '', 'These tools cannot say these rules exactly, so no file was made for them:', '');
    for (const r of refused) lines.push(`- ${howTo[r.target]?.name ?? r.target}, ${r.ruleId}: ${r.reason}`);
    lines.push('');
  }
  lines.push(
    '## Keep the rules in your repository',
    '',
    `The rules themselves are in rules.yaml. Keep it in your repository. To export again after a change, get the plainsec command: one file from the site that made these, checked against its checksum. It needs Node ${cliNodeVersion} or later and nothing else (on a Mac, check with shasum -a 256 -c plainsec.mjs.sha256):`,
    '',
    ...[...cliDownloadLines(origin), cliCommand('rules validate rules.yaml'), cliCommand('rules export rules.yaml --to all --out rules-out')].map((l) => `    ${l}`),
    '',
    `To check the rules on every pull request, copy ${recipeFileNames.github} to .github/workflows/plainsec.yml (GitHub), or add ${recipeFileNames.gitlab} to your .gitlab-ci.yml (GitLab). Each downloads the command, checks it, and fails the pull request when a rule is not valid or fails its examples. More: ${new URL(cliGuidePath, origin).href}`,
    '',
  );
  return lines.join('\n') + noiseSection(rules);
}
