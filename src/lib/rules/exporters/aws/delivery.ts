/**
 * The delivery files of the two AWS exports, EventBridge and CloudWatch: how an alert reaches the
 * team once the detection has fired. Each export's own file writes its detection; this writes the
 * Terraform JSON and the CloudFormation template around it, for the rule set's chat tool, and a
 * note where that tool needs more than the templates give.
 */
import type { Alerting, Rule } from '../../model.ts';
import type { ExportedFile } from '../../target.ts';
import { adaptChatbotCloudFormation, adaptChatbotTerraform, chatDeliveryNote } from './chatbot.ts';
import { awsCloudFormationTemplate, type CloudFormationDetection } from './cloudformation.ts';
import { awsTerraformFile, withoutEmptyBlocks, type TerraformDetection } from './terraform.ts';
import type { PagerPlan } from './pager.ts';
import { chatTopics } from './names.ts';
import { urgencies } from '../../model.ts';

interface AwsDelivery {
  /** The folder the files go in: `eventbridge`. */
  folder: string;
  /** The export's name in the note: `EventBridge`. */
  exportName: string;
  alerting: Alerting;
  /** Which topics page, and for which rules (`pagerPlan`). */
  plan: PagerPlan;
  /** The rules exported, each with the documented types its detection relies on. */
  exported: { rule: Rule; notes: string[] }[];
  terraform: TerraformDetection;
  cloudFormation: CloudFormationDetection;
}

/** `main.tf.json`, `template.json` and a `README.md` saying what to fill in and set up. */
export function awsDeliveryFiles(delivery: AwsDelivery): ExportedFile[] {
  const { folder, alerting, exported, plan } = delivery;
  const chat = alerting.chat;
  const rules = exported.map((e) => e.rule);
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files: ExportedFile[] = [
    { path: `${folder}/main.tf.json`, content: json(withoutEmptyBlocks(adaptChatbotTerraform(awsTerraformFile(rules, delivery.terraform, plan), chat))) },
    { path: `${folder}/template.json`, content: json(adaptChatbotCloudFormation(awsCloudFormationTemplate(exported, delivery.cloudFormation, plan), chat)) },
  ];
  const splitTopics = chatTopics(rules).names.some((name) => !(urgencies as readonly string[]).includes(name));
  files.push({ path: `${folder}/README.md`, content: chatDeliveryNote(chat, delivery.exportName, plan, splitTopics) });
  return files;
}
