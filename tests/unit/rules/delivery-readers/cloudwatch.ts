/** Reads the CloudWatch files: each rule's alarm actions to SNS topics, then as for EventBridge (eventbridge.ts). */
import { awsReader } from './eventbridge.ts';
import type { DeliveryReader } from './reader.ts';

export const reader: DeliveryReader = awsReader('cloudwatch', 'cloudwatch');
