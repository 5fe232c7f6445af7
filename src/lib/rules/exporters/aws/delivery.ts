/**
 * The delivery files of the two AWS exports, EventBridge and CloudWatch: how an alert reaches the
 * team once the detection has fired. Each export's own file writes its detection; this writes the
 * Terraform JSON and the CloudFormation template around it, for the rule set's chat tool, and a
 * note where that tool needs more than the templates give.
 */
import type { ChatTool, Rule } from '../../model.ts';
import type { ExportedFile } from '../../target.ts';
import { adaptChatbotCloudFormation, adaptChatbotTerraform, chatDeliveryNote } from './chatbot.ts';
import { awsCloudFormationTemplate, type CloudFormationDetection } from './cloudformation.ts';
import { awsTerraformFile, withoutEmptyBlocks, type TerraformDetection } from './terraform.ts';

interface AwsDelivery {
  /** The folder the files go in: `eventbridge`. */
  folder: string;
  /** The export's name in the note: `EventBridge`. */
  exportName: string;
  chat: ChatTool;
  /** The rules exported, each with the documented types its detection relies on. */
  exported: { rule: Rule; notes: string[] }[];
  terraform: TerraformDetection;
  cloudFormation: CloudFormationDetection;
}

/** `main.tf.json`, `template.json` and, for a chat tool other than Slack, a `README.md` saying what to do. */
export function awsDeliveryFiles(delivery: AwsDelivery): ExportedFile[] {
  const { folder, chat, exported } = delivery;
  const rules = exported.map((e) => e.rule);
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files: ExportedFile[] = [
    { path: `${folder}/main.tf.json`, content: json(withoutEmptyBlocks(adaptChatbotTerraform(awsTerraformFile(rules, delivery.terraform), chat))) },
    { path: `${folder}/template.json`, content: json(adaptChatbotCloudFormation(awsCloudFormationTemplate(exported, delivery.cloudFormation), chat)) },
  ];
  const note = chatDeliveryNote(chat, delivery.exportName);
  if (note) files.push({ path: `${folder}/README.md`, content: note });
  return files;
}
