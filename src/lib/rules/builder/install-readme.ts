/**
 * The README that goes into a "download all" zip: for each tool folder the zip holds, what the
 * files are and how to install them, in plain words. Written from the file list, so it never
 * describes a file that is not there.
 */
import type { ExportedFile } from '../target.ts';
import type { TargetRefusal } from '../targets.ts';

const howTo: Record<string, { name: string; steps: string[] }> = {
  sigma: {
    name: 'Sigma',
    steps: [
      'One .yml file per rule, in the Sigma format most security tools can import.',
      'Convert them for your tool with sigma-cli, for example: sigma convert -t splunk -p splunk_cim sigma/',
      'Or load the folder into a tool that reads Sigma directly.',
    ],
  },
  eventbridge: {
    name: 'AWS EventBridge',
    steps: [
      'One event pattern per rule (*.pattern.json), and the same rules ready to deploy as a CloudFormation template (template.json) or Terraform (main.tf.json).',
      'Deploy with: aws cloudformation deploy --template-file eventbridge/template.json --stack-name plainsec-rules --capabilities CAPABILITY_IAM',
      'Or, with Terraform: copy main.tf.json into a folder of its own, then terraform init and terraform apply.',
      'The template creates an SNS topic per urgency; connect them to chat with AWS Chatbot, as the template describes.',
    ],
  },
  cloudwatch: {
    name: 'Amazon CloudWatch',
    steps: [
      'Metric filters and alarms on the log group your CloudTrail trail sends to, as CloudFormation (template.json) or Terraform (main.tf.json).',
      'Deploy the same way as the EventBridge files, giving the name of your CloudTrail log group when asked.',
    ],
  },
  falco: {
    name: 'Falco',
    steps: [
      'One rules file for Falco with the CloudTrail plugin.',
      'Copy it next to your Falco rules (for example /etc/falco/rules.d/) and restart Falco; falco --validate checks it first.',
      'Falco sends alerts through falcosidekick; the alertmanager folder routes them to your channels.',
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
      'Detection rules as NDJSON, over the logs-aws.cloudtrail data of the Elastic AWS integration.',
      'Import them in Kibana: Security → Rules → Import rules, and choose plainsec-rules.ndjson.',
    ],
  },
  splunk: {
    name: 'Splunk',
    steps: [
      'Saved searches that alert, over CloudTrail data from the Splunk Add-on for AWS.',
      'Copy savedsearches.conf into an app’s local folder (for example $SPLUNK_HOME/etc/apps/search/local/) and restart Splunk, or paste each search into Search & Reporting → Alerts.',
    ],
  },
};

/** README.md for a zip holding these files; refusals are listed so nothing goes missing unexplained. */
export function installReadme(files: readonly ExportedFile[], refused: readonly TargetRefusal[], ruleCount: number): string {
  const folders = [...new Set(files.map((f) => f.path.split('/')[0]!))];
  const lines = [
    '# Plainsec alert rules',
    '',
    `${ruleCount} rule${ruleCount === 1 ? '' : 's'}, as files for each tool. Every file fires on the same CloudTrail events; pick the tools you run.`,
    '',
  ];
  for (const folder of folders) {
    const about = howTo[folder];
    lines.push(`## ${about?.name ?? folder} (${folder}/)`, '');
    for (const step of about?.steps ?? ['Files for this tool.']) lines.push(`- ${step}`);
    lines.push('');
  }
  if (refused.length > 0) {
    lines.push('## Not included', '', 'These tools cannot say these rules exactly, so no file was made for them:', '');
    for (const r of refused) lines.push(`- ${howTo[r.target]?.name ?? r.target}, ${r.ruleId}: ${r.reason}`);
    lines.push('');
  }
  lines.push('The rules themselves are in rules.yaml; keep it in your repository and export again with: npx plainsec rules export rules.yaml --to all --out rules-out', '');
  return lines.join('\n');
}
