/**
 * AWS Security Hub controls Plainsec names, with the title AWS gives each (the Security Hub controls
 * reference). Ids and titles only; `tests/unit/frameworks/ids.test.ts` checks them against a cited
 * extract of that reference.
 */
export const securityHubControls: Readonly<Record<string, { title: string }>> = {
  'CloudTrail.1': {
    title: 'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
  },
  'CloudTrail.2': {
    title: 'CloudTrail should have encryption at-rest enabled',
  },
  'CloudTrail.4': {
    title: 'CloudTrail log file validation should be enabled',
  },
  'CloudTrail.5': {
    title: 'CloudTrail trails should be integrated with Amazon CloudWatch Logs',
  },
  'CloudTrail.6': {
    title: 'Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible',
  },
  'CloudTrail.7': {
    title: 'Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket',
  },
  'CloudWatch.1': {
    title: 'A log metric filter and alarm should exist for usage of the "root" user',
  },
  'CloudWatch.4': {
    title: 'Ensure a log metric filter and alarm exist for IAM policy changes',
  },
  'CloudWatch.5': {
    title: 'Ensure a log metric filter and alarm exist for CloudTrail configuration changes',
  },
  'CloudWatch.6': {
    title: 'Ensure a log metric filter and alarm exist for AWS Management Console authentication failures',
  },
  'CloudWatch.7': {
    title: 'Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer created CMKs',
  },
  'CloudWatch.8': {
    title: 'Ensure a log metric filter and alarm exist for S3 bucket policy changes',
  },
  'CloudWatch.9': {
    title: 'Ensure a log metric filter and alarm exist for AWS Config configuration changes',
  },
  'CloudWatch.10': {
    title: 'Ensure a log metric filter and alarm exist for security group changes',
  },
  'CloudWatch.11': {
    title: 'Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)',
  },
  'CloudWatch.12': {
    title: 'Ensure a log metric filter and alarm exist for changes to network gateways',
  },
  'CloudWatch.13': {
    title: 'Ensure a log metric filter and alarm exist for route table changes',
  },
  'CloudWatch.14': {
    title: 'Ensure a log metric filter and alarm exist for VPC changes',
  },
  'Config.1': { title: 'AWS Config should be enabled' },
  'EC2.2': {
    title: 'The VPC default security group should not allow inbound and outbound traffic',
  },
  'EC2.6': { title: 'VPC flow logging should be enabled in all VPCs' },
  'EC2.7': { title: 'EBS default encryption should be enabled' },
  'EC2.21': {
    title: 'Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389',
  },
  'IAM.1': {
    title: 'IAM policies should not allow full "*" administrative privileges',
  },
  'IAM.3': {
    title: "IAM users' access keys should be rotated every 90 days or less",
  },
  'IAM.4': { title: 'IAM root user access key should not exist' },
  'IAM.5': {
    title: 'MFA should be enabled for all IAM users that have a console password',
  },
  'IAM.6': { title: 'Hardware MFA should be enabled for the root user' },
  'IAM.9': { title: 'Virtual MFA should be enabled for the root user' },
  'IAM.15': {
    title: 'Ensure IAM password policy requires minimum password length of 14 or greater',
  },
  'IAM.16': { title: 'Ensure IAM password policy prevents password reuse' },
  'IAM.18': {
    title: 'Ensure a support role has been created to manage incidents with AWS Support',
  },
  'IAM.22': {
    title: 'IAM user credentials unused for 45 days should be removed',
  },
  'KMS.4': { title: 'AWS KMS key rotation should be enabled' },
  'RDS.3': {
    title: 'RDS DB instances should have encryption at-rest enabled',
  },
  'S3.1': { title: 'S3 Block Public Access setting should be enabled' },
  'S3.4': { title: 'S3 buckets should have server-side encryption enabled' },
  'S3.5': {
    title: 'S3 buckets should require requests to use Secure Socket Layer',
  },
  'S3.8': {
    title: 'S3 Block Public Access setting should be enabled at the bucket-level',
  },
};

/** The Security Hub user guide's page for a control. */
export const securityHubUrl = (id: string): string => `https://docs.aws.amazon.com/securityhub/latest/userguide/${id.split('.')[0]!.toLowerCase()}-controls.html#${id.replace('.', '-').toLowerCase()}`;
