/**
 * AWS Chatbot for the EventBridge and CloudWatch exports: how SNS notifications reach the team's
 * chat. Chatbot supports Slack and Microsoft Teams; for Mattermost (and any other tool) there is
 * no Chatbot, so the templates leave it out and a note says what a team needs instead.
 *
 * The exports build Slack's Chatbot resources; `adaptChatbot…` turns them into the Teams ones, or
 * takes them out, so each export keeps one code path. EventBridge also writes each alert in
 * Chatbot's custom-notification shape (`chatbotInputTemplate`); a CloudWatch alarm's own
 * notification is one Chatbot already reads.
 */
import type { ChatTool, Rule } from '../../model.ts';
import type { ChatTopics } from './names.ts';
import { pagerReadme, type PagerPlan } from './pager.ts';

type Json = Record<string, any>;

const chatbotAssumeRole = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** Where in an EventBridge event each placeholder of `chatbotInputTemplate` is read from. */
export const chatbotInputPaths = {
  eventName: '$.detail.eventName',
  eventSource: '$.detail.eventSource',
  actor: '$.detail.userIdentity.arn',
  account: '$.account',
  region: '$.region',
  time: '$.time',
};

/**
 * The input template: the AWS Chatbot custom-notification shape. `<name>` is an EventBridge
 * placeholder, so `<` and `>` in the rule's own words are written as JSON escapes the placeholder
 * scanner does not see.
 */
export function chatbotInputTemplate(rule: Rule): string {
  const hideAngles = (text: string) => text.replace(/</g, '\uE000').replace(/>/g, '\uE001');
  const message = {
    version: '1.0',
    source: 'custom',
    content: {
      title: hideAngles(rule.title),
      description: `${hideAngles(rule.means)}\n\nWhat happened: <eventName> on <eventSource> by <actor>, account <account>, region <region>, at <time>.`,
      nextSteps: [hideAngles(rule.whatToDo)],
    },
  };
  return JSON.stringify(message).replace(/\uE000/g, '\\u003c').replace(/\uE001/g, '\\u003e');
}

/**
 * Slack Chatbot resources (Terraform JSON) subscribing each channel to its own topics (`chatTopics`).
 * `names` gives each channel a distinct resource name. Channel names hold only [a-z0-9_-], so
 * they cannot start a Terraform template.
 */
export function slackChatbotTerraform(list: ChatTopics['channels'], topicArn: (sns: string) => string, names: Map<string, string>): { variable: Json; resource: Json } {
  const variable: Json = {
    slack_workspace_id: { type: 'string', description: 'The Slack workspace ID that AWS Chatbot is authorised for (Chatbot console, "Workspace details").' },
  };
  const slack: Json = {};
  for (const { channel, topics: heard } of list) {
    const name = names.get(channel)!;
    variable[`slack_channel_id_${name}`] = { type: 'string', description: `The Slack channel ID of ${channel} (in Slack: channel details, at the bottom).` };
    slack[name] = {
      configuration_name: `plainsec-${name.replace(/_/g, '-')}`.slice(0, 128),
      iam_role_arn: '${aws_iam_role.chatbot.arn}',
      slack_team_id: '${var.slack_workspace_id}',
      slack_channel_id: `\${var.slack_channel_id_${name}}`,
      sns_topic_arns: heard.map(topicArn),
    };
  }
  return {
    variable,
    resource: {
      aws_iam_role: { chatbot: { name: 'plainsec-chatbot', assume_role_policy: JSON.stringify(chatbotAssumeRole) } },
      aws_chatbot_slack_channel_configuration: slack,
    },
  };
}

/** Slack Chatbot resources (CloudFormation) subscribing each channel to its own topics (`chatTopics`). */
export function slackChatbotCloudFormation(list: ChatTopics['channels'], topicRef: (sns: string) => unknown, names: Map<string, string>): { Parameters: Json; Resources: Json } {
  const Parameters: Json = { SlackWorkspaceId: { Type: 'String', Description: 'The Slack workspace ID that AWS Chatbot is authorised for.' } };
  const Resources: Json = { ChatbotRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: chatbotAssumeRole } } };
  for (const { channel, topics: heard } of list) {
    const name = names.get(channel)!;
    Parameters[`SlackChannelId${name}`] = { Type: 'String', Description: `The Slack channel ID of ${channel}.` };
    Resources[`Slack${name}`] = {
      Type: 'AWS::Chatbot::SlackChannelConfiguration',
      Properties: {
        ConfigurationName: `plainsec-${channel.slice(1).replace(/_/g, '-')}`.slice(0, 128),
        IamRoleArn: { 'Fn::GetAtt': ['ChatbotRole', 'Arn'] },
        SlackWorkspaceId: { Ref: 'SlackWorkspaceId' },
        SlackChannelId: { Ref: `SlackChannelId${name}` },
        SnsTopicArns: heard.map(topicRef),
      },
    };
  }
  return { Parameters, Resources };
}

/** The rules' channel (`#security`) that a Slack channel-ID variable's description names, so the Teams one can name it too. */
const channelNamed = (description: string | undefined): string | undefined => /#[a-z0-9_-]+/.exec(description ?? '')?.[0];

/** Terraform JSON with Slack's Chatbot resources turned into the chat tool's (Teams), or taken out (no Chatbot support). */
export function adaptChatbotTerraform<T>(file: T, chat: ChatTool): T {
  if (chat === 'slack') return file;
  const tf = structuredClone(file) as Json;
  const slack: Json = tf['resource']?.['aws_chatbot_slack_channel_configuration'] ?? {};
  const variable: Json = tf['variable'] ?? {};
  tf['variable'] = variable;
  const slackVariables = { ...variable };
  for (const key of Object.keys(variable)) if (key.startsWith('slack_')) delete variable[key];
  delete tf['resource']['aws_chatbot_slack_channel_configuration'];
  if (chat === 'msteams') {
    variable['teams_tenant_id'] = { type: 'string', description: 'Your Microsoft 365 tenant ID (Chatbot console, after authorising Microsoft Teams).' };
    variable['teams_team_id'] = { type: 'string', description: 'The ID of the team in Microsoft Teams that AWS Chatbot is authorised for.' };
    const teams: Json = {};
    for (const [name, config] of Object.entries(slack)) {
      const channel = channelNamed(slackVariables[`slack_channel_id_${name}`]?.description) ?? config.configuration_name;
      variable[`teams_channel_id_${name}`] = { type: 'string', description: `The Microsoft Teams channel ID for the alerts of ${channel} (from the channel's link).` };
      teams[name] = {
        configuration_name: config.configuration_name,
        iam_role_arn: config.iam_role_arn,
        tenant_id: '${var.teams_tenant_id}',
        team_id: '${var.teams_team_id}',
        channel_id: `\${var.teams_channel_id_${name}}`,
        sns_topic_arns: config.sns_topic_arns,
      };
    }
    tf['resource']['aws_chatbot_teams_channel_configuration'] = teams;
  } else {
    delete tf['resource']['aws_iam_role']?.['chatbot'];
  }
  return tf as T;
}

/** CloudFormation with Slack's Chatbot resources turned into the chat tool's (Teams), or taken out. */
export function adaptChatbotCloudFormation<T>(file: T, chat: ChatTool): T {
  if (chat === 'slack') return file;
  const cfn = structuredClone(file) as Json;
  const params: Json = cfn['Parameters'] ?? {};
  const slackParams = { ...params };
  const resources: Json = cfn['Resources'];
  for (const key of Object.keys(params)) if (key.startsWith('Slack')) delete params[key];
  const slack = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Chatbot::SlackChannelConfiguration');
  for (const [id] of slack) delete resources[id];
  if (chat === 'msteams') {
    params['TeamsTenantId'] = { Type: 'String', Description: 'Your Microsoft 365 tenant ID (Chatbot console, after authorising Microsoft Teams).' };
    params['TeamId'] = { Type: 'String', Description: 'The ID of the team in Microsoft Teams that AWS Chatbot is authorised for.' };
    for (const [id, r] of slack) {
      const name = id.replace(/^Slack/, '');
      const channel = channelNamed(slackParams[`SlackChannelId${name}`]?.Description) ?? r.Properties.ConfigurationName;
      params[`TeamsChannelId${name}`] = { Type: 'String', Description: `The Microsoft Teams channel ID for the alerts of ${channel}.` };
      resources[`Teams${name}`] = {
        Type: 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration',
        Properties: {
          ConfigurationName: r.Properties.ConfigurationName,
          IamRoleArn: r.Properties.IamRoleArn,
          TeamsTenantId: { Ref: 'TeamsTenantId' },
          TeamId: { Ref: 'TeamId' },
          TeamsChannelId: { Ref: `TeamsChannelId${name}` },
          SnsTopicArns: r.Properties.SnsTopicArns,
        },
      };
    }
  } else delete resources['ChatbotRole'];
  if (typeof cfn['Description'] === 'string')
    cfn['Description'] = cfn['Description'].replace('to Slack through SNS and AWS Chatbot', chat === 'msteams' ? 'to Microsoft Teams through SNS and AWS Chatbot' : 'to SNS topics');
  return cfn as T;
}

/**
 * The README beside the templates: what to fill in for the chat tool, then for the pager.
 * `splitTopics` where some urgency has a topic per channel (`chatTopics`).
 */
export function chatDeliveryNote(chat: ChatTool, exportName: string, plan: PagerPlan, splitTopics = false): string {
  const split = splitTopics
    ? ['Where rules of one urgency go to different channels, each of those channels has a topic of its own for that urgency, named after the urgency and the channel. So each alert posts only in its own rule’s channel.', '']
    : [];
  const chatPart =
    chat === 'slack'
      ? [
          `# ${exportName}: alerts to Slack, and pages`,
          '',
          'The templates send each urgency to an SNS topic and subscribe AWS Chatbot for Slack to the topics each channel hears.',
          '',
          ...split,
          '1. In the AWS Chatbot console, configure a Slack client and authorise your workspace (once per workspace).',
          '2. Fill in the workspace ID and one channel ID per channel (in Slack: channel details, at the bottom).',
          '3. Invite AWS Chatbot to each of those channels in Slack.',
        ]
      : chat === 'msteams'
        ? [
            `# ${exportName}: alerts to Microsoft Teams, and pages`,
            '',
            'The templates send each urgency to an SNS topic and subscribe AWS Chatbot for Microsoft Teams to the topics each channel hears.',
            '',
            ...split,
            '1. In the AWS Chatbot console, configure a Microsoft Teams client and authorise your team (once per team).',
            '2. Fill in the tenant ID, the team ID and one channel ID per channel (copy the channel link in Teams; the ID is the part after /channel/).',
            '3. Add AWS Chatbot to each of those channels in Teams.',
          ]
        : [
            `# ${exportName}: alerts to Mattermost, and pages`,
            '',
            `AWS Chatbot does not post to Mattermost, so these templates stop at the SNS topics (one per urgency${splitTopics ? ', and per channel where channels share an urgency' : ''}) and create no Chatbot resources.`,
            'Nothing reaches your channel until you connect the topics to Mattermost yourself, for example:',
            '',
            '- a small AWS Lambda function subscribed to the topics that posts each message to a Mattermost incoming webhook, or',
            '- route the alerts through Alertmanager instead (see the Alertmanager export), which posts to Mattermost directly.',
            '',
            'Plainsec does not write that part. Until it exists, these alerts are silent: do not rely on them.',
          ];
  return [...chatPart, '', ...pagerReadme(plan), ''].join('\n');
}
