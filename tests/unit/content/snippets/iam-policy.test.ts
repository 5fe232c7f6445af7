import { describe, expect, it } from 'vitest';
import { checkPoliciesIn, checkPolicy, policiesIn } from '../../../../src/lib/content/snippets/iam-policy.ts';

const good = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReadLogs',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:List*'],
      Resource: 'arn:aws:s3:::logs/*',
      Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['team*'] }, BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' }, Null: { 'aws:TokenIssueTime': true } },
    },
  ],
};

describe('the IAM policy grammar check', () => {
  it('passes a good identity policy, trust policy and SCP', () => {
    expect(checkPolicy(good)).toEqual([]);
    const trust = { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } } };
    expect(checkPolicy(trust)).toEqual([]);
    const scp = { Version: '2012-10-17', Statement: [{ Sid: 'DenyLeaving', Effect: 'Deny', NotAction: ['iam:*'], NotResource: '*', Condition: { ArnNotLikeIfExists: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin' } } }] };
    expect(checkPolicy(scp)).toEqual([]);
  });

  it('fails a misspelt Effect', () => {
    expect(checkPolicy({ ...good, Statement: [{ ...good.Statement[0], Effect: 'Alow' }] }).join(' ')).toMatch(/Effect must be one of Allow, Deny/);
  });

  it('fails a made-up condition operator, unknown elements and a wrong Version', () => {
    expect(checkPolicy({ ...good, Statement: [{ ...good.Statement[0], Condition: { StringEqual: { 'aws:x': 'y' } } }] }).join(' ')).toMatch(/"StringEqual", which is not a condition operator/);
    expect(checkPolicy({ ...good, Statement: [{ ...good.Statement[0], Actions: 's3:*' }] }).join(' ')).toMatch(/"Actions"/);
    expect(checkPolicy({ ...good, Version: '2012-10-18' }).join(' ')).toMatch(/Version must be one of/);
    expect(checkPolicy({ ...good, Statement: [{ ...good.Statement[0], Condition: { 'NullIfExists': { 'aws:x': 'true' } } }] })).not.toEqual([]);
  });

  it('needs exactly one of Action and NotAction, and at most one of Resource and NotResource', () => {
    const s = good.Statement[0]!;
    expect(checkPolicy({ Statement: { Effect: 'Allow', Resource: '*' } }).join(' ')).toMatch(/needs Action/);
    expect(checkPolicy({ Statement: { ...s, NotAction: 's3:*' } })).not.toEqual([]);
    expect(checkPolicy({ Statement: { ...s, NotResource: '*' } }).join(' ')).toMatch(/both Resource and NotResource/);
    expect(checkPolicy({ Statement: { ...s, Action: 's3 GetObject' } })).not.toEqual([]);
  });

  it('finds policies inside other JSON, such as a CloudFormation PolicyDocument', () => {
    const template = { Resources: { Role: { Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Alow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } }] } } } } };
    expect(policiesIn(template).map((p) => p.at)).toEqual(['/Resources/Role/Properties/AssumeRolePolicyDocument']);
    expect(checkPoliciesIn(template)).toMatchObject([{ at: '/Resources/Role/Properties/AssumeRolePolicyDocument', message: expect.stringMatching(/Effect/) }]);
    expect(checkPoliciesIn([{ a: 1 }, 'x'])).toEqual([]);
  });
});
