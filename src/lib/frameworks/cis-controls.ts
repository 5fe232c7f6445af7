/**
 * CIS Critical Security Controls v8 safeguards a checklist item or guide may name: all 56 of
 * Implementation Group 1, the ones CIS asks every organisation to start with, and the few IG2 and
 * IG3 safeguards the checklist answers (incident exercises, audit log reviews, threat modelling).
 * The Controls are licensed CC BY-NC-ND, so this keeps ids and safeguard titles only, never their text.
 * Source and checks: tests/fixtures/frameworks/SOURCES.md, tests/unit/frameworks/checklist-ids.test.ts.
 */
export const cisControlsVersion = '8';

/** CIS's public page for the Controls; a safeguard has no page of its own. */
export const cisControlsUrl = 'https://www.cisecurity.org/controls/v8';

export interface CisSafeguard {
  title: string;
  /** The smallest Implementation Group that includes it. */
  ig: 1 | 2 | 3;
}

export const cisSafeguards: Readonly<Record<string, CisSafeguard>> = {
  '1.1': { title: 'Establish and Maintain Detailed Enterprise Asset Inventory', ig: 1 },
  '1.2': { title: 'Address Unauthorized Assets', ig: 1 },
  '2.1': { title: 'Establish and Maintain a Software Inventory', ig: 1 },
  '2.2': { title: 'Ensure Authorized Software is Currently Supported', ig: 1 },
  '2.3': { title: 'Address Unauthorized Software', ig: 1 },
  '3.1': { title: 'Establish and Maintain a Data Management Process', ig: 1 },
  '3.2': { title: 'Establish and Maintain a Data Inventory', ig: 1 },
  '3.3': { title: 'Configure Data Access Control Lists', ig: 1 },
  '3.4': { title: 'Enforce Data Retention', ig: 1 },
  '3.5': { title: 'Securely Dispose of Data', ig: 1 },
  '3.6': { title: 'Encrypt Data on End-User Devices', ig: 1 },
  '3.11': { title: 'Encrypt Sensitive Data At Rest', ig: 2 },
  '4.1': { title: 'Establish and Maintain a Secure Configuration Process', ig: 1 },
  '4.2': { title: 'Establish and Maintain a Secure Configuration Process for Network Infrastructure', ig: 1 },
  '4.3': { title: 'Configure Automatic Session Locking on Enterprise Assets', ig: 1 },
  '4.4': { title: 'Implement and Manage a Firewall on Servers', ig: 1 },
  '4.5': { title: 'Implement and Manage a Firewall on End-User Devices', ig: 1 },
  '4.6': { title: 'Securely Manage Enterprise Assets and Software', ig: 1 },
  '4.7': { title: 'Manage Default Accounts on Enterprise Assets and Software', ig: 1 },
  '5.1': { title: 'Establish and Maintain an Inventory of Accounts', ig: 1 },
  '5.2': { title: 'Use Unique Passwords', ig: 1 },
  '5.3': { title: 'Disable Dormant Accounts', ig: 1 },
  '5.4': { title: 'Restrict Administrator Privileges to Dedicated Administrator Accounts', ig: 1 },
  '6.1': { title: 'Establish an Access Granting Process', ig: 1 },
  '6.2': { title: 'Establish an Access Revoking Process', ig: 1 },
  '6.3': { title: 'Require MFA for Externally-Exposed Applications', ig: 1 },
  '6.4': { title: 'Require MFA for Remote Network Access', ig: 1 },
  '6.5': { title: 'Require MFA for Administrative Access', ig: 1 },
  '6.7': { title: 'Centralize Access Control', ig: 2 },
  '6.8': { title: 'Define and Maintain Role-Based Access Control', ig: 3 },
  '7.1': { title: 'Establish and Maintain a Vulnerability Management Process', ig: 1 },
  '7.2': { title: 'Establish and Maintain a Remediation Process', ig: 1 },
  '7.3': { title: 'Perform Automated Operating System Patch Management', ig: 1 },
  '7.4': { title: 'Perform Automated Application Patch Management', ig: 1 },
  '7.5': { title: 'Perform Automated Vulnerability Scans of Internal Enterprise Assets', ig: 2 },
  '7.6': { title: 'Perform Automated Vulnerability Scans of Externally-Exposed Enterprise Assets', ig: 2 },
  '8.1': { title: 'Establish and Maintain an Audit Log Management Process', ig: 1 },
  '8.2': { title: 'Collect Audit Logs', ig: 1 },
  '8.3': { title: 'Ensure Adequate Audit Log Storage', ig: 1 },
  '8.9': { title: 'Centralize Audit Logs', ig: 2 },
  '8.10': { title: 'Retain Audit Logs', ig: 2 },
  '8.11': { title: 'Conduct Audit Log Reviews', ig: 2 },
  '9.1': { title: 'Ensure Use of Only Fully Supported Browsers and Email Clients', ig: 1 },
  '9.2': { title: 'Use DNS Filtering Services', ig: 1 },
  '10.1': { title: 'Deploy and Maintain Anti-Malware Software', ig: 1 },
  '10.2': { title: 'Configure Automatic Anti-Malware Signature Updates', ig: 1 },
  '10.3': { title: 'Disable Autorun and Autoplay for Removable Media', ig: 1 },
  '11.1': { title: 'Establish and Maintain a Data Recovery Process', ig: 1 },
  '11.2': { title: 'Perform Automated Backups', ig: 1 },
  '11.3': { title: 'Protect Recovery Data', ig: 1 },
  '11.4': { title: 'Establish and Maintain an Isolated Instance of Recovery Data', ig: 1 },
  '12.1': { title: 'Ensure Network Infrastructure is Up-to-Date', ig: 1 },
  '12.2': { title: 'Establish and Maintain a Secure Network Architecture', ig: 2 },
  '13.1': { title: 'Centralize Security Event Alerting', ig: 2 },
  '14.1': { title: 'Establish and Maintain a Security Awareness Program', ig: 1 },
  '14.2': { title: 'Train Workforce Members to Recognize Social Engineering Attacks', ig: 1 },
  '14.3': { title: 'Train Workforce Members on Authentication Best Practices', ig: 1 },
  '14.4': { title: 'Train Workforce on Data Handling Best Practices', ig: 1 },
  '14.5': { title: 'Train Workforce Members on Causes of Unintentional Data Exposure', ig: 1 },
  '14.6': { title: 'Train Workforce Members on Recognizing and Reporting Security Incidents', ig: 1 },
  '14.7': { title: 'Train Workforce on How to Identify and Report if Their Enterprise Assets are Missing Security Updates', ig: 1 },
  '14.8': { title: 'Train Workforce on the Dangers of Connecting to and Transmitting Enterprise Data Over Insecure Networks', ig: 1 },
  '15.1': { title: 'Establish and Maintain an Inventory of Service Providers', ig: 1 },
  '16.1': { title: 'Establish and Maintain a Secure Application Development Process', ig: 2 },
  '16.4': { title: 'Establish and Manage an Inventory of Third-Party Software Components', ig: 2 },
  '16.5': { title: 'Use Up-to-Date and Trusted Third-Party Software Components', ig: 2 },
  '16.14': { title: 'Conduct Threat Modeling', ig: 3 },
  '17.1': { title: 'Designate Personnel to Manage Incident Handling', ig: 1 },
  '17.2': { title: 'Establish and Maintain Contact Information for Reporting Security Incidents', ig: 1 },
  '17.3': { title: 'Establish and Maintain an Enterprise Process for Reporting Incidents', ig: 1 },
  '17.4': { title: 'Establish and Maintain an Incident Response Process', ig: 2 },
  '17.6': { title: 'Define Mechanisms for Communicating During Incident Response', ig: 2 },
  '17.7': { title: 'Conduct Routine Incident Response Exercises', ig: 2 },
  '17.8': { title: 'Conduct Post-Incident Reviews', ig: 2 },
  '17.9': { title: 'Establish and Maintain Security Incident Thresholds', ig: 2 },
};

/** Safeguard ids in the Controls' order: 4.2 before 4.10. */
export const bySafeguardOrder = (a: string, b: string): number => {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
};
