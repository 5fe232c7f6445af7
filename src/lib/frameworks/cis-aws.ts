/**
 * CIS AWS Foundations Benchmark v1.4.0 recommendations that AWS Security Hub checks, with the
 * controls that check each, as the Security Hub controls reference of June 2023 maps them. Ids only:
 * the benchmark's own text is licensed, so a recommendation is named by the Security Hub control title.
 */
export const cisAwsVersion = '1.4.0';

export const cisAwsControls: Readonly<Record<string, { securityHub: readonly string[] }>> = {
  '1.4': { securityHub: ['IAM.4'] },
  '1.5': { securityHub: ['IAM.9'] },
  '1.6': { securityHub: ['IAM.6'] },
  '1.7': { securityHub: ['CloudWatch.1'] },
  '1.8': { securityHub: ['IAM.15'] },
  '1.9': { securityHub: ['IAM.16'] },
  '1.10': { securityHub: ['IAM.5'] },
  '1.12': { securityHub: ['IAM.22'] },
  '1.14': { securityHub: ['IAM.3'] },
  '1.16': { securityHub: ['IAM.1'] },
  '1.17': { securityHub: ['IAM.18'] },
  '2.1.1': { securityHub: ['S3.4'] },
  '2.1.2': { securityHub: ['S3.5'] },
  '2.1.5': { securityHub: ['S3.1', 'S3.8'] },
  '2.2.1': { securityHub: ['EC2.7'] },
  '2.3.1': { securityHub: ['RDS.3'] },
  '3.1': { securityHub: ['CloudTrail.1'] },
  '3.2': { securityHub: ['CloudTrail.4'] },
  '3.3': { securityHub: ['CloudTrail.6'] },
  '3.4': { securityHub: ['CloudTrail.5'] },
  '3.5': { securityHub: ['Config.1'] },
  '3.6': { securityHub: ['CloudTrail.7'] },
  '3.7': { securityHub: ['CloudTrail.2'] },
  '3.8': { securityHub: ['KMS.4'] },
  '3.9': { securityHub: ['EC2.6'] },
  '4.3': { securityHub: ['CloudWatch.1'] },
  '4.4': { securityHub: ['CloudWatch.4'] },
  '4.5': { securityHub: ['CloudWatch.5'] },
  '4.6': { securityHub: ['CloudWatch.6'] },
  '4.7': { securityHub: ['CloudWatch.7'] },
  '4.8': { securityHub: ['CloudWatch.8'] },
  '4.9': { securityHub: ['CloudWatch.9'] },
  '4.10': { securityHub: ['CloudWatch.10'] },
  '4.11': { securityHub: ['CloudWatch.11'] },
  '4.12': { securityHub: ['CloudWatch.12'] },
  '4.13': { securityHub: ['CloudWatch.13'] },
  '4.14': { securityHub: ['CloudWatch.14'] },
  '5.1': { securityHub: ['EC2.21'] },
  '5.3': { securityHub: ['EC2.2'] },
};

/** The ids in the benchmark's order: 1.4 before 1.10. */
export const byCisOrder = (a: string, b: string): number => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? -1) !== (pb[i] ?? -1)) return (pa[i] ?? -1) - (pb[i] ?? -1);
  return 0;
};
