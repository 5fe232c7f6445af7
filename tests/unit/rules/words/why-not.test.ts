import { describe, expect, it } from 'vitest';
import type { CloudTrailEvent } from '../../../../src/lib/rules/canonical.ts';
import type { Condition, RuleException } from '../../../../src/lib/rules/model.ts';
import { conditionWords, whyNot } from '../../../../src/lib/rules/words/index.ts';

/** A record as CloudTrail writes one for an IAM user's call, with the parts each case changes. */
function record(parts: Partial<CloudTrailEvent>): CloudTrailEvent {
  return {
    eventVersion: '1.10',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAOC1SYDVN0AF0FMMR',
      arn: 'arn:aws:iam::123456789012:user/alice',
      accountId: '123456789012',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: 'alice',
    },
    eventTime: '2026-11-30T09:12:44Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
    requestParameters: { instanceType: 't3.micro' },
    responseElements: null,
    requestID: '14c891b6-11b5-4787-ae97-64a974977078',
    eventID: '10163ed2-2253-469d-a5ee-cbc6651f8934',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
    ...parts,
  };
}

/** The identity of a call made through a role, as CloudTrail writes it. */
function assumedRole(role: string, invokedBy?: string): CloudTrailEvent {
  return {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLEID:session',
    arn: `arn:aws:sts::123456789012:assumed-role/${role}/session`,
    accountId: '123456789012',
    ...(invokedBy ? { invokedBy } : {}),
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEID', arn: `arn:aws:iam::123456789012:role/${role}`, accountId: '123456789012', userName: role },
      attributes: { creationDate: '2026-11-30T09:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

const startServer: Condition = { allOf: [{ field: 'eventSource', equals: 'ec2.amazonaws.com' }, { field: 'eventName', equals: 'RunInstances' }] };
const rule = (when: Condition, exceptions: RuleException[] = []) => ({ when, exceptions });

describe('why a rule does not fire, in plain words', () => {
  it('gives no reason when the rule fires', () => {
    expect(whyNot(rule(startServer, [{ unlessDoneByAwsService: true }, { unlessItFailed: true }]), record({}))).toEqual([]);
  });

  it('says auto-scaling started the server and the rule ignores what AWS does on your behalf', () => {
    const event = record({ userIdentity: assumedRole('AWSServiceRoleForAutoScaling', 'autoscaling.amazonaws.com'), sourceIPAddress: 'autoscaling.amazonaws.com' });
    expect(whyNot(rule(startServer, [{ unlessDoneByAwsService: true }]), event)).toEqual([
      'the call was made by auto-scaling, and the rule ignores what AWS does on your behalf',
    ]);
  });

  it('names a service it has no plain name for as CloudTrail writes it', () => {
    const event = record({ userIdentity: assumedRole('SageMakerRole', 'sagemaker.amazonaws.com') });
    // Only the wider exception leaves out a service that does not start servers for a team.
    expect(whyNot(rule(startServer, [{ unlessInvokedByAnyAwsService: true }]), event)).toEqual([
      'the call was made by an AWS service (sagemaker.amazonaws.com), and the rule ignores what AWS does on your behalf',
    ]);
  });

  it('gives no reason when CloudFormation started the server, since a stack does what a person wrote', () => {
    const event = record({ userIdentity: assumedRole('deploy', 'cloudformation.amazonaws.com'), sourceIPAddress: 'cloudformation.amazonaws.com' });
    expect(whyNot(rule(startServer, [{ unlessDoneByAwsService: true }]), event)).toEqual([]);
  });

  it('names the service-linked role that acted when the call carries no service name', () => {
    const event = record({ userIdentity: { ...assumedRole('AWSServiceRoleForSSO'), arn: 'arn:aws:sts::123456789012:assumed-role/AWSServiceRoleForSSO/sso' } });
    const slr = event['userIdentity'] as { sessionContext: { sessionIssuer: { arn: string } } };
    slr.sessionContext.sessionIssuer.arn = 'arn:aws:iam::123456789012:role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO';
    expect(whyNot(rule(startServer, [{ unlessDoneByAwsService: true }]), event)).toEqual([
      'the call was made by the service-linked role AWSServiceRoleForSSO, and the rule ignores what AWS does on your behalf',
    ]);
  });

  it('says the call failed, with its error code, and that the rule ignores failed calls', () => {
    const event = record({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', errorCode: 'AccessDenied', errorMessage: 'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: cloudtrail:StopLogging' });
    const when: Condition = { allOf: [{ field: 'eventSource', equals: 'cloudtrail.amazonaws.com' }, { field: 'eventName', oneOf: ['StopLogging', 'DeleteTrail'] }] };
    expect(whyNot(rule(when, [{ unlessItFailed: true }]), event)).toEqual(['the call failed (AccessDenied), and the rule ignores calls that failed']);
  });

  it('says which region the call was made in and which regions the rule looks at', () => {
    const event = record({ awsRegion: 'us-east-1' });
    expect(whyNot(rule(startServer, [{ onlyInRegions: ['eu-west-1'] }]), event)).toEqual([
      'the call was made in us-east-1, and the rule only looks at eu-west-1',
    ]);
    expect(whyNot(rule(startServer, [{ onlyInRegions: ['eu-west-1', 'eu-central-1', 'eu-north-1'] }]), event)).toEqual([
      'the call was made in us-east-1, and the rule only looks at eu-west-1, eu-central-1 or eu-north-1',
    ]);
  });

  it('names the role that did it and says the rule ignores that role', () => {
    const event = record({ userIdentity: assumedRole('deploy-bot') });
    expect(whyNot(rule(startServer, [{ unlessDoneByRoles: ['deploy-bot', 'terraform'] }]), event)).toEqual([
      'the role deploy-bot did it, and the rule ignores that role',
    ]);
  });

  it('names the user who did it and says the rule ignores that user', () => {
    expect(whyNot(rule(startServer, [{ unlessDoneByUsers: ['alice'] }]), record({}))).toEqual(['the user alice did it, and the rule ignores that user']);
  });

  it('names the action done and the actions the rule looks for', () => {
    const event = record({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name: 'management-events' } });
    const when: Condition = { allOf: [{ field: 'eventSource', equals: 'cloudtrail.amazonaws.com' }, { field: 'eventName', oneOf: ['DeleteTrail', 'UpdateTrail'] }] };
    expect(whyNot(rule(when), event)).toEqual(['someone turned off CloudTrail logging (StopLogging), but the rule looks for this: someone deletes a trail or changes a trail’s settings (DeleteTrail, UpdateTrail)']);
  });

  it('says the call went to another service, by plain name, and names the service it did go to', () => {
    const event = record({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', requestParameters: { userName: 'bob' } });
    expect(whyNot(rule(startServer), event)).toEqual([
      'the call was to users and permissions (IAM), not to servers (EC2)',
      'someone created a user (CreateUser), but the rule looks for this: someone starts a server (RunInstances)',
    ]);
  });

  it('explains a start of text that did not match, naming the value the record has', () => {
    const event = record({ errorCode: 'Client.UnauthorizedOperation' });
    expect(whyNot(rule({ field: 'errorCode', startsWith: 'AccessDenied' }), event)).toEqual([
      'the error code was Client.UnauthorizedOperation, but the rule looks for one starting with AccessDenied',
    ]);
  });

  it('says none of the choices held, with the reason for each, when a field is missing', () => {
    const refused: Condition = { anyOf: [{ field: 'errorCode', endsWith: 'UnauthorizedOperation' }, { field: 'errorCode', startsWith: 'AccessDenied' }] };
    expect(whyNot(rule(refused), record({}))).toEqual([
      'none of the choices held: the error code is missing from the event, but the rule looks for one ending with UnauthorizedOperation; the error code is missing from the event, but the rule looks for one starting with AccessDenied',
    ]);
  });

  it('quotes a value with spaces and says when the rule ignores case', () => {
    expect(whyNot(rule({ field: 'userAgent', wildcard: '*TruffleHog*', ignoreCase: true }), record({}))).toEqual([
      'the tool that made the call was “aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64”, but the rule looks for one like *TruffleHog* (where * stands for any text), upper or lower case alike',
    ]);
  });

  it('fires when a case-insensitive test meets a value in another case', () => {
    expect(whyNot(rule({ field: 'userAgent', wildcard: '*TruffleHog*', ignoreCase: true }), record({ userAgent: 'trufflehog v3.63.2' }))).toEqual([]);
    expect(whyNot(rule({ field: 'eventName', equals: 'runinstances', ignoreCase: true }), record({}))).toEqual([]);
  });

  it('says a needed field is missing, and that a field the rule wants absent is there', () => {
    const signIn = record({
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      eventType: 'AwsConsoleSignIn',
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No' },
    });
    expect(whyNot(rule({ field: 'additionalEventData.MFAUsed', exists: true }), signIn)).toEqual([
      'whether the console sign-in used MFA is missing from the event, but the rule needs it',
    ]);
    const rootKey = record({ eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', requestParameters: { userName: 'bob' } });
    expect(whyNot(rule({ field: 'requestParameters.userName', exists: false }), rootKey)).toEqual([
      'the user is there (bob), but the rule looks for events without it',
    ]);
  });

  it('says a missing field is missing when the rule looks for a value in it', () => {
    expect(whyNot(rule({ field: 'responseElements.ConsoleLogin', equals: 'Failure' }), record({}))).toEqual([
      'whether the console sign-in worked is missing from the event, but the rule looks for events where the sign-in failed',
    ]);
  });

  it('says what held that the rule leaves out', () => {
    const event = record({ eventType: 'AwsServiceEvent' });
    expect(whyNot(rule({ not: { field: 'eventType', equals: 'AwsServiceEvent' } }), event)).toEqual([
      'the kind of event was something AWS did by itself (AwsServiceEvent), which the rule leaves out',
    ]);
    expect(whyNot(rule({ not: { field: 'awsRegion', startsWith: 'eu-' } }), event)).toEqual([
      'the region was eu-west-1, and the rule leaves out one starting with eu-',
    ]);
  });

  it('says a left-out group held, in plain words, and reads through a double not', () => {
    const event = record({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', awsRegion: 'us-east-1' });
    const leftOut: Condition = { not: { allOf: [{ field: 'eventName', equals: 'StopLogging' }, { field: 'awsRegion', equals: 'us-east-1' }] } };
    expect(whyNot(rule(leftOut), event)).toEqual([
      'the rule leaves out events where someone turns off CloudTrail logging (StopLogging) and the region is us-east-1, and this is one',
    ]);
    expect(whyNot(rule({ not: { not: { field: 'eventName', equals: 'DeleteTrail' } } }), event)).toEqual([
      'someone turned off CloudTrail logging (StopLogging), but the rule looks for this: someone deletes a trail (DeleteTrail)',
    ]);
  });

  it('explains a choice between a list of actions and an action with a setting', () => {
    const event = record({ eventSource: 'guardduty.amazonaws.com', eventName: 'UpdateDetector', requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: true } });
    const guardDutyOff: Condition = {
      allOf: [
        { field: 'eventSource', equals: 'guardduty.amazonaws.com' },
        {
          anyOf: [
            { field: 'eventName', oneOf: ['DeleteDetector', 'StopMonitoringMembers'] },
            { allOf: [{ field: 'eventName', equals: 'UpdateDetector' }, { field: 'requestParameters.enable', equals: false }] },
          ],
        },
      ],
    };
    expect(whyNot(rule(guardDutyOff, [{ unlessItFailed: true }]), event)).toEqual([
      'none of the choices held: someone changed GuardDuty’s settings (UpdateDetector), but the rule looks for this: someone turns off GuardDuty or stops GuardDuty watching member accounts (DeleteDetector, StopMonitoringMembers); the call turns the detector on, but the rule looks for events where the call turns the detector off',
    ]);
  });

  it('gives what the rule looks for and each exception that applies, in that order', () => {
    const event = record({ eventName: 'StopInstances', awsRegion: 'us-east-1', errorCode: 'Client.UnauthorizedOperation' });
    expect(whyNot(rule(startServer, [{ onlyInRegions: ['eu-west-1'] }, { unlessItFailed: true }]), event)).toEqual([
      'someone stopped a server (StopInstances), but the rule looks for this: someone starts a server (RunInstances)',
      'the call was made in us-east-1, and the rule only looks at eu-west-1',
      'the call failed (Client.UnauthorizedOperation), and the rule ignores calls that failed',
    ]);
  });
});

describe('a condition described in plain words', () => {
  it('says each operator with the field’s plain name, the calls in brackets after what they do, and groups without brackets', () => {
    expect(
      conditionWords({
        allOf: [
          { field: 'eventSource', equals: 'ec2.amazonaws.com' },
          { field: 'eventName', oneOf: ['RunInstances', 'StartInstances'] },
          { not: { field: 'awsRegion', oneOf: ['eu-west-1', 'us-east-1'] } },
          { field: 'userIdentity.invokedBy', exists: false },
          { anyOf: [{ field: 'errorCode', endsWith: 'UnauthorizedOperation' }, { field: 'userAgent', startsWith: 'Boto3', ignoreCase: true }] },
        ],
      }),
    ).toBe(
      'the call is to servers (EC2), someone starts a server or starts a stopped server again (RunInstances, StartInstances), the region is not eu-west-1 or us-east-1, no AWS service acted for anyone and either the call was refused for lack of permission (error code ends with UnauthorizedOperation) or the tool that made the call starts with Boto3',
    );
  });
});

describe('why a rule does not fire, on a field that holds a list', () => {
  const bucket = (b: CloudTrailEvent[string]) => record({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', requestParameters: { bucketName: b } });

  it('names the items of the list when none is the value the rule looks for', () => {
    const reasons = whyNot(rule({ field: 'requestParameters.bucketName', equals: 'my-team-backups' }), bucket(['logs', 'other']));
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBe('the bucket holds a list of logs and other, but the rule looks for my-team-backups');
  });

  it('names the item the rule leaves out when "not" meets it in a list', () => {
    const reasons = whyNot(rule({ not: { field: 'requestParameters.bucketName', equals: 'my-team-backups' } }), bucket(['logs', 'my-team-backups']));
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toContain('my-team-backups');
    expect(reasons[0]).toContain('which the rule leaves out');
  });

  it('says a list with no value in it is there but empty of values, where the rule needs the field', () => {
    expect(whyNot(rule({ field: 'requestParameters.bucketName', exists: true }), bucket([]))[0]).toContain('is a list with no value in it');
  });
});
