/**
 * The exact words a person sees for a broken rule-set file: from the site's reader
 * (`parseRuleSetYaml`), from the command line (`parseRuleSet`) and from the model itself (what the
 * site build and the Sigma importer pass on). The model runs on zod/mini so the rule builder can
 * check rule sets in the browser; zod/mini carries no wording of its own, so these cases hold every
 * message, ours and zod's English ones alike, to the words people saw before.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { parseRuleSet } from '../../../src/cli/read.ts';
import { ruleSetJsonSchema } from '../../../src/lib/rules/json-schema.ts';
import { ruleSetSchema } from '../../../src/lib/rules/model.ts';
import { formatRuleSetError, parseRuleSetYaml } from '../../../src/lib/rules/rule-set.ts';

const base = `plainsecRules: 1
rules:
  - id: server-started-by-hand
    title: A server was started by hand
    means: Someone started a server outside auto-scaling.
    whatToDo: Ask who started it and why.
    when:
      field: eventName
      equals: RunInstances
    urgency: look-today
    notify: "#security-alerts"
`;
const edit = (from: string, to: string): string => {
  if (!base.includes(from)) throw new Error(`not in the base file: ${from}`);
  return base.replace(from, to);
};
const addToRule = (lines: string): string => base + lines;
const whenIs = (lines: string): string => edit('    when:\n      field: eventName\n      equals: RunInstances\n', `    when:\n${lines}`);
const hours = (change: Record<string, string>): string => {
  const h: Record<string, string> = { timeZone: 'Europe/London', days: '[monday, friday]', start: '"09:00"', end: '"17:00"', ...change };
  return addToRule(`    workingHours:\n${Object.entries(h).filter(([, v]) => v !== '-').map(([k, v]) => `      ${k}: ${v}\n`).join('')}`);
};
const example = 'name: someone starts a server by hand\n        event: { eventName: RunInstances }\n        expect: fires';

interface BrokenFile {
  what: string;
  yaml: string;
  /** `parseRuleSetYaml`, each error as `formatRuleSetError` writes it. */
  reader: string[];
  /** `parseRuleSet`, the lines after "rules.yaml is not a valid rule file:". */
  cli: string[];
  /** `ruleSetSchema.safeParse`, each issue as `path: message`. */
  model: string[];
}

const broken: BrokenFile[] = [
  {
    what: 'a list instead of a rule set',
    yaml: '- one\n- two\n',
    reader: ['(the whole file) (line 1): write a set of fields here'],
    cli: [
      '  - Invalid input: expected object, received array',
      'A rule file starts with "plainsecRules: 1" and then "rules:", a list of rules.',
    ],
    model: [': Invalid input: expected object, received array'],
  },
  {
    what: 'a file that is only text',
    yaml: 'just some words\n',
    reader: ['(the whole file) (line 1): write a set of fields here'],
    cli: [
      '  - Invalid input: expected object, received string',
      'A rule file starts with "plainsecRules: 1" and then "rules:", a list of rules.',
    ],
    model: [': Invalid input: expected object, received string'],
  },
  {
    what: 'no format version',
    yaml: edit('plainsecRules: 1\n', ''),
    reader: ['plainsecRules (line 1): write plainsecRules: 1 (the only version of this file format)'],
    cli: [
      '  - plainsecRules: Invalid input: expected 1',
      'A rule file starts with "plainsecRules: 1" and then "rules:", a list of rules.',
    ],
    model: ['plainsecRules: Invalid input: expected 1'],
  },
  {
    what: 'format version 2',
    yaml: edit('plainsecRules: 1', 'plainsecRules: 2'),
    reader: ['plainsecRules (line 1): write plainsecRules: 1 (the only version of this file format)'],
    cli: ['  - plainsecRules: Invalid input: expected 1'],
    model: ['plainsecRules: Invalid input: expected 1'],
  },
  {
    what: 'the format version written as text',
    yaml: edit('plainsecRules: 1', 'plainsecRules: "1"'),
    reader: ['plainsecRules (line 1): write plainsecRules: 1 (the only version of this file format)'],
    cli: ['  - plainsecRules: Invalid input: expected 1'],
    model: ['plainsecRules: Invalid input: expected 1'],
  },
  {
    what: 'no list of rules',
    yaml: 'plainsecRules: 1\n',
    reader: ['rules (line 1): this is missing; add "rules" (a list)'],
    cli: ['  - rules: Invalid input: expected array, received undefined'],
    model: ['rules: Invalid input: expected array, received undefined'],
  },
  {
    what: 'rules written as text',
    yaml: 'plainsecRules: 1\nrules: none yet\n',
    reader: ['rules (line 2): write a list here'],
    cli: ['  - rules: Invalid input: expected array, received string'],
    model: ['rules: Invalid input: expected array, received string'],
  },
  {
    what: 'an unknown key at the top',
    yaml: `colour: red\n${base}`,
    reader: ['colour (line 1): "colour" is not a field this file knows; remove it or check its spelling'],
    cli: ['  - unknown setting "colour"; check the spelling'],
    model: [': Unrecognized key: "colour"'],
  },
  {
    what: 'a rule that is only text',
    yaml: 'plainsecRules: 1\nrules:\n  - a server was started\n',
    reader: ['rules[0] (line 3): write a set of fields here'],
    cli: ['  - rules → rule 1: Invalid input: expected object, received string'],
    model: ['rules.0: Invalid input: expected object, received string'],
  },
  {
    what: 'a rule with no id',
    yaml: edit('  - id: server-started-by-hand\n    title', '  - title'),
    reader: ['rules[0].id (line 3): this is missing; add "id" (text)'],
    cli: ['  - rules → rule 1 → id: this is missing: write an id like server-outside-autoscaling'],
    model: ['rules.0.id: this is missing: write an id like server-outside-autoscaling'],
  },
  {
    what: 'an id written as a number',
    yaml: edit('id: server-started-by-hand', 'id: 42'),
    reader: ['rules[0].id (line 3): write text here'],
    cli: ['  - rules → rule 1 → id: write the id as text'],
    model: ['rules.0.id: write the id as text'],
  },
  {
    what: 'an id in capitals with an underscore',
    yaml: edit('id: server-started-by-hand', 'id: Server_Started'),
    reader: ['rules[0].id (line 3): write an id in lower case with dashes, like server-outside-autoscaling'],
    cli: ['  - rules → rule 1 → id: write an id in lower case with dashes, like server-outside-autoscaling'],
    model: ['rules.0.id: write an id in lower case with dashes, like server-outside-autoscaling'],
  },
  {
    what: 'an id that is too short',
    yaml: edit('id: server-started-by-hand', 'id: ab'),
    reader: ['rules[0].id (line 3): write an id in lower case with dashes, like server-outside-autoscaling'],
    cli: ['  - rules → rule 1 → id: write an id in lower case with dashes, like server-outside-autoscaling'],
    model: ['rules.0.id: write an id in lower case with dashes, like server-outside-autoscaling'],
  },
  {
    what: 'a rule with no title',
    yaml: edit('    title: A server was started by hand\n', ''),
    reader: ['rules[0].title (line 3): this is missing; add "title" (text)'],
    cli: ['  - rules → rule 1 → title: this is missing: write a short title, like "A server was started by hand"'],
    model: ['rules.0.title: this is missing: write a short title, like "A server was started by hand"'],
  },
  {
    what: 'a title written as a list',
    yaml: edit('title: A server was started by hand', 'title: [a, b]'),
    reader: ['rules[0].title (line 4): write text here'],
    cli: ['  - rules → rule 1 → title: write a short title, like "A server was started by hand" as text'],
    model: ['rules.0.title: write a short title, like "A server was started by hand" as text'],
  },
  {
    what: 'an empty title',
    yaml: edit('title: A server was started by hand', 'title: ""'),
    reader: ['rules[0].title (line 4): write a short title, like "A server was started by hand"'],
    cli: ['  - rules → rule 1 → title: write a short title, like "A server was started by hand"'],
    model: ['rules.0.title: write a short title, like "A server was started by hand"'],
  },
  {
    what: 'a title over 120 characters',
    yaml: edit('title: A server was started by hand', `title: ${'x'.repeat(121)}`),
    reader: ['rules[0].title (line 4): keep the title under 120 characters'],
    cli: ['  - rules → rule 1 → title: keep the title under 120 characters'],
    model: ['rules.0.title: keep the title under 120 characters'],
  },
  {
    what: 'no meaning and what to do written as a number',
    yaml: edit('    means: Someone started a server outside auto-scaling.\n    whatToDo: Ask who started it and why.', '    whatToDo: 5'),
    reader: [
      'rules[0].means (line 3): this is missing; add "means" (text)',
      'rules[0].whatToDo (line 5): write text here',
    ],
    cli: [
      '  - rules → rule 1 → means: this is missing: write what it means when this fires, in plain words',
      '  - rules → rule 1 → whatToDo: write what to do when it fires as text',
    ],
    model: [
      'rules.0.means: this is missing: write what it means when this fires, in plain words',
      'rules.0.whatToDo: write what to do when it fires as text',
    ],
  },
  {
    what: 'an empty what to do',
    yaml: edit('whatToDo: Ask who started it and why.', 'whatToDo: ""'),
    reader: ['rules[0].whatToDo (line 6): write what to do when it fires'],
    cli: ['  - rules → rule 1 → whatToDo: write what to do when it fires'],
    model: ['rules.0.whatToDo: write what to do when it fires'],
  },
  {
    what: 'no condition',
    yaml: edit('    when:\n      field: eventName\n      equals: RunInstances\n', ''),
    reader: ['rules[0].when (line 3): write one test, like "field: eventName" with "equals: RunInstances" (or oneOf, startsWith, endsWith, wildcard, exists), or combine tests with not, allOf or anyOf'],
    cli: ['  - rules → rule 1 → when: this is not a condition or exception Plainsec knows; see plainsec rules validate --help for the forms'],
    model: ['rules.0.when: Invalid input'],
  },
  {
    what: 'a condition written as text',
    yaml: edit('    when:\n      field: eventName\n      equals: RunInstances\n', '    when: eventName is RunInstances\n'),
    reader: ['rules[0].when (line 7): write one test, like "field: eventName" with "equals: RunInstances" (or oneOf, startsWith, endsWith, wildcard, exists), or combine tests with not, allOf or anyOf'],
    cli: ['  - rules → rule 1 → when: this is not a condition or exception Plainsec knows; see plainsec rules validate --help for the forms'],
    model: ['rules.0.when: Invalid input'],
  },
  {
    what: 'a misspelt test',
    yaml: edit('equals: RunInstances', 'equal: RunInstances'),
    reader: ['rules[0].when (line 7): write one test, like "field: eventName" with "equals: RunInstances" (or oneOf, startsWith, endsWith, wildcard, exists), or combine tests with not, allOf or anyOf'],
    cli: ['  - rules → rule 1 → when: "equal" is not a test; write one of equals, oneOf, startsWith, endsWith, wildcard, exists'],
    model: ['rules.0.when: Invalid input'],
  },
  {
    what: 'a field name with a space',
    yaml: edit('field: eventName', 'field: event name'),
    reader: ['rules[0].when.field (line 8): write a field as dotted names, like userIdentity.invokedBy (letters, digits, _ and - only), with [] after a name that holds a list and a name last, like items[].cidrIp'],
    cli: ['  - rules → rule 1 → when → field: write a field as dotted names, like userIdentity.invokedBy (letters, digits, _ and - only), with [] after a name that holds a list and a name last, like items[].cidrIp'],
    model: ['rules.0.when.field: write a field as dotted names, like userIdentity.invokedBy (letters, digits, _ and - only), with [] after a name that holds a list and a name last, like items[].cidrIp'],
  },
  {
    what: 'a field that ends in the mark for a list',
    yaml: edit('field: eventName', 'field: requestParameters.ipPermissions.items[]'),
    reader: ['rules[0].when.field (line 8): write a field as dotted names, like userIdentity.invokedBy (letters, digits, _ and - only), with [] after a name that holds a list and a name last, like items[].cidrIp'],
    cli: ['  - rules → rule 1 → when → field: write a field as dotted names, like userIdentity.invokedBy (letters, digits, _ and - only), with [] after a name that holds a list and a name last, like items[].cidrIp'],
    model: ['rules.0.when.field: write a field as dotted names, like userIdentity.invokedBy (letters, digits, _ and - only), with [] after a name that holds a list and a name last, like items[].cidrIp'],
  },
  {
    what: 'a field name written as a number',
    yaml: edit('field: eventName', 'field: 5'),
    reader: ['rules[0].when.field (line 8): write text here'],
    cli: ['  - rules → rule 1 → when: this is not a condition or exception Plainsec knows; see plainsec rules validate --help for the forms'],
    model: ['rules.0.when: Invalid input'],
  },
  {
    what: 'a value written as a set of fields',
    yaml: edit('equals: RunInstances', 'equals: { name: RunInstances }'),
    reader: ['rules[0].when.equals (line 9): write one test, like "field: eventName" with "equals: RunInstances" (or oneOf, startsWith, endsWith, wildcard, exists), or combine tests with not, allOf or anyOf'],
    cli: ['  - rules → rule 1 → when: this is not a condition or exception Plainsec knows; see plainsec rules validate --help for the forms'],
    model: ['rules.0.when: Invalid input'],
  },
  {
    what: 'a value written as a list',
    yaml: edit('equals: RunInstances', 'equals: [RunInstances]'),
    reader: ['rules[0].when.equals (line 9): write one test, like "field: eventName" with "equals: RunInstances" (or oneOf, startsWith, endsWith, wildcard, exists), or combine tests with not, allOf or anyOf'],
    cli: ['  - rules → rule 1 → when: this is not a condition or exception Plainsec knows; see plainsec rules validate --help for the forms'],
    model: ['rules.0.when: Invalid input'],
  },
  {
    what: 'two tests on one field',
    yaml: edit('equals: RunInstances', 'equals: RunInstances\n      oneOf: [RunInstances]'),
    reader: ['rules[0].when (line 7): write one test, like "field: eventName" with "equals: RunInstances" (or oneOf, startsWith, endsWith, wildcard, exists), or combine tests with not, allOf or anyOf'],
    cli: ['  - rules → rule 1 → when: a field test takes exactly one of equals, oneOf, startsWith, endsWith, wildcard, exists'],
    model: ['rules.0.when: Invalid input'],
  },
  {
    what: 'an empty list of values',
    yaml: edit('equals: RunInstances', 'oneOf: []'),
    reader: ['rules[0].when.oneOf (line 9): list at least one value'],
    cli: ['  - rules → rule 1 → when → oneOf: list at least one value'],
    model: ['rules.0.when.oneOf: list at least one value'],
  },
  {
    what: 'an empty start',
    yaml: edit('equals: RunInstances', 'startsWith: ""'),
    reader: ['rules[0].when.startsWith (line 9): write at least one character'],
    cli: ['  - rules → rule 1 → when → startsWith: write at least one character'],
    model: ['rules.0.when.startsWith: write at least one character'],
  },
  {
    what: 'an empty end',
    yaml: edit('equals: RunInstances', 'endsWith: ""'),
    reader: ['rules[0].when.endsWith (line 9): write at least one character'],
    cli: ['  - rules → rule 1 → when → endsWith: write at least one character'],
    model: ['rules.0.when.endsWith: write at least one character'],
  },
  {
    what: 'an empty wildcard',
    yaml: edit('equals: RunInstances', 'wildcard: ""'),
    reader: ['rules[0].when.wildcard (line 9): write at least one character'],
    cli: ['  - rules → rule 1 → when → wildcard: write at least one character'],
    model: ['rules.0.when.wildcard: write at least one character'],
  },
  {
    what: '"exists" written as text',
    yaml: edit('equals: RunInstances', 'exists: "yes"'),
    reader: ['rules[0].when.exists (line 9): write true or false here'],
    cli: ['  - rules → rule 1 → when: this is not a condition or exception Plainsec knows; see plainsec rules validate --help for the forms'],
    model: ['rules.0.when: Invalid input'],
  },
  {
    what: 'ignoreCase: false',
    yaml: edit('equals: RunInstances', 'equals: RunInstances\n      ignoreCase: false'),
    reader: ['rules[0].when.ignoreCase (line 10): write one of true'],
    cli: ['  - rules → rule 1 → when: this is not a condition or exception Plainsec knows; see plainsec rules validate --help for the forms'],
    model: ['rules.0.when: Invalid input'],
  },
  {
    what: 'ignoreCase on an exists test',
    yaml: edit('equals: RunInstances', 'exists: true\n      ignoreCase: true'),
    reader: ['rules[0].when.ignoreCase (line 10): "ignoreCase" is not a field this file knows; remove it or check its spelling'],
    cli: ['  - rules → rule 1 → when: unknown setting "ignoreCase"; check the spelling'],
    model: ['rules.0.when: Unrecognized key: "ignoreCase"'],
  },
  {
    what: 'an empty "all of"',
    yaml: whenIs('      allOf: []\n'),
    reader: ['rules[0].when.allOf (line 8): list at least one condition'],
    cli: ['  - rules → rule 1 → when → allOf: list at least one condition'],
    model: ['rules.0.when.allOf: list at least one condition'],
  },
  {
    what: 'an empty "any of"',
    yaml: whenIs('      anyOf: []\n'),
    reader: ['rules[0].when.anyOf (line 8): list at least one condition'],
    cli: ['  - rules → rule 1 → when → anyOf: list at least one condition'],
    model: ['rules.0.when.anyOf: list at least one condition'],
  },
  {
    what: '"not" of a text',
    yaml: whenIs('      not: eventName\n'),
    reader: ['rules[0].when.not (line 8): write one test, like "field: eventName" with "equals: RunInstances" (or oneOf, startsWith, endsWith, wildcard, exists), or combine tests with not, allOf or anyOf'],
    cli: ['  - rules → rule 1 → when: this is not a condition or exception Plainsec knows; see plainsec rules validate --help for the forms'],
    model: ['rules.0.when: Invalid input'],
  },
  {
    what: 'an unknown way to combine tests',
    yaml: whenIs('      someOf:\n        - field: eventName\n          equals: RunInstances\n'),
    reader: ['rules[0].when (line 7): write one test, like "field: eventName" with "equals: RunInstances" (or oneOf, startsWith, endsWith, wildcard, exists), or combine tests with not, allOf or anyOf'],
    cli: ['  - rules → rule 1 → when: "someOf" is not a condition; write a field test (field: ..., equals: ...) or not / allOf / anyOf'],
    model: ['rules.0.when: Invalid input'],
  },
  {
    what: 'a bad test deep inside "all of"',
    yaml: whenIs('      allOf:\n        - field: eventSource\n          equals: ec2.amazonaws.com\n        - not:\n            field: eventName\n            startsWith: ""\n'),
    reader: ['rules[0].when.allOf[1].not.startsWith (line 13): write at least one character'],
    cli: ['  - rules → rule 1 → when → allOf → item 2 → not → startsWith: write at least one character'],
    model: ['rules.0.when.allOf.1.not.startsWith: write at least one character'],
  },
  {
    what: 'exceptions written as text',
    yaml: addToRule('    exceptions: unless AWS did it\n'),
    reader: ['rules[0].exceptions (line 12): write a list here'],
    cli: ['  - rules → rule 1 → exceptions: Invalid input: expected array, received string'],
    model: ['rules.0.exceptions: Invalid input: expected array, received string'],
  },
  {
    what: 'an unknown exception',
    yaml: addToRule('    exceptions:\n      - unlessDoneByRobots: true\n'),
    reader: ['rules[0].exceptions[0] (line 13): write one exception: unlessDoneByAwsService: true, unlessInvokedByAnyAwsService: true, unlessDoneByRoles: [a role], unlessDoneByUsers: [a user], onlyInRegions: [a region] or unlessItFailed: true (and for a rule with source: k8s-audit, unlessDoneByCluster: true)'],
    cli: ['  - rules → rule 1 → exceptions → item 1: "unlessDoneByRobots" is not a condition; write a field test (field: ..., equals: ...) or not / allOf / anyOf'],
    model: ['rules.0.exceptions.0: Invalid input'],
  },
  {
    what: 'unlessDoneByAwsService: false',
    yaml: addToRule('    exceptions:\n      - unlessDoneByAwsService: false\n'),
    reader: ['rules[0].exceptions[0].unlessDoneByAwsService (line 13): write one of true'],
    cli: ['  - rules → rule 1 → exceptions → item 1: "unlessDoneByAwsService" is not a condition; write a field test (field: ..., equals: ...) or not / allOf / anyOf'],
    model: ['rules.0.exceptions.0: Invalid input'],
  },
  {
    what: 'unlessItFailed written as text',
    yaml: addToRule('    exceptions:\n      - unlessItFailed: "yes"\n'),
    reader: ['rules[0].exceptions[0].unlessItFailed (line 13): write one of true'],
    cli: ['  - rules → rule 1 → exceptions → item 1: "unlessItFailed" is not a condition; write a field test (field: ..., equals: ...) or not / allOf / anyOf'],
    model: ['rules.0.exceptions.0: Invalid input'],
  },
  {
    what: 'an empty list of roles',
    yaml: addToRule('    exceptions:\n      - unlessDoneByRoles: []\n'),
    reader: ['rules[0].exceptions[0].unlessDoneByRoles (line 13): list at least one role name'],
    cli: ['  - rules → rule 1 → exceptions → item 1 → unlessDoneByRoles: list at least one role name'],
    model: ['rules.0.exceptions.0.unlessDoneByRoles: list at least one role name'],
  },
  {
    what: 'an empty list of users',
    yaml: addToRule('    exceptions:\n      - unlessDoneByUsers: []\n'),
    reader: ['rules[0].exceptions[0].unlessDoneByUsers (line 13): list at least one user name'],
    cli: ['  - rules → rule 1 → exceptions → item 1 → unlessDoneByUsers: list at least one user name'],
    model: ['rules.0.exceptions.0.unlessDoneByUsers: list at least one user name'],
  },
  {
    what: 'an empty list of regions',
    yaml: addToRule('    exceptions:\n      - onlyInRegions: []\n'),
    reader: ['rules[0].exceptions[0].onlyInRegions (line 13): list at least one region, like eu-west-1'],
    cli: ['  - rules → rule 1 → exceptions → item 1 → onlyInRegions: list at least one region, like eu-west-1'],
    model: ['rules.0.exceptions.0.onlyInRegions: list at least one region, like eu-west-1'],
  },
  {
    what: 'an empty region name',
    yaml: addToRule('    exceptions:\n      - onlyInRegions: [eu-west-1, ""]\n'),
    reader: ['rules[0].exceptions[0].onlyInRegions[1] (line 13): write at least one character'],
    cli: ['  - rules → rule 1 → exceptions → item 1 → onlyInRegions → item 2: write at least one character'],
    model: ['rules.0.exceptions.0.onlyInRegions.1: write at least one character'],
  },
  {
    what: 'a list of regions written as text',
    yaml: addToRule('    exceptions:\n      - onlyInRegions: eu-west-1\n'),
    reader: ['rules[0].exceptions[0].onlyInRegions (line 13): write a list here'],
    cli: ['  - rules → rule 1 → exceptions → item 1: "onlyInRegions" is not a condition; write a field test (field: ..., equals: ...) or not / allOf / anyOf'],
    model: ['rules.0.exceptions.0: Invalid input'],
  },
  {
    what: 'two exceptions in one item',
    yaml: addToRule('    exceptions:\n      - unlessItFailed: true\n        unlessDoneByAwsService: true\n'),
    reader: ['rules[0].exceptions[0] (line 13): write one exception: unlessDoneByAwsService: true, unlessInvokedByAnyAwsService: true, unlessDoneByRoles: [a role], unlessDoneByUsers: [a user], onlyInRegions: [a region] or unlessItFailed: true (and for a rule with source: k8s-audit, unlessDoneByCluster: true)'],
    cli: ['  - rules → rule 1 → exceptions → item 1: "unlessItFailed" is not a condition; write a field test (field: ..., equals: ...) or not / allOf / anyOf'],
    model: ['rules.0.exceptions.0: Invalid input'],
  },
  {
    what: 'no urgency',
    yaml: edit('    urgency: look-today\n', ''),
    reader: ['rules[0].urgency (line 3): write one of wake-me-up, look-today or fyi'],
    cli: ['  - rules → rule 1 → urgency: this is missing: write one of wake-me-up (wake someone up), look-today or fyi (just so you know)'],
    model: ['rules.0.urgency: this is missing: write one of wake-me-up (wake someone up), look-today or fyi (just so you know)'],
  },
  {
    what: 'an urgency that is not one of the three',
    yaml: edit('urgency: look-today', 'urgency: high'),
    reader: ['rules[0].urgency (line 10): write one of wake-me-up, look-today or fyi'],
    cli: ['  - rules → rule 1 → urgency: write one of wake-me-up (wake someone up), look-today or fyi (just so you know)'],
    model: ['rules.0.urgency: write one of wake-me-up (wake someone up), look-today or fyi (just so you know)'],
  },
  {
    what: 'an urgency written as a number',
    yaml: edit('urgency: look-today', 'urgency: 1'),
    reader: ['rules[0].urgency (line 10): write one of wake-me-up, look-today or fyi'],
    cli: ['  - rules → rule 1 → urgency: write one of wake-me-up (wake someone up), look-today or fyi (just so you know)'],
    model: ['rules.0.urgency: write one of wake-me-up (wake someone up), look-today or fyi (just so you know)'],
  },
  {
    what: 'no channel',
    yaml: edit('    notify: "#security-alerts"\n', ''),
    reader: ['rules[0].notify (line 3): this is missing; add "notify" (text)'],
    cli: ['  - rules → rule 1 → notify: this is missing: write a Slack channel like #security-alerts'],
    model: ['rules.0.notify: this is missing: write a Slack channel like #security-alerts'],
  },
  {
    what: 'a channel without #',
    yaml: edit('notify: "#security-alerts"', 'notify: security-alerts'),
    reader: ['rules[0].notify (line 11): write a Slack channel like #security-alerts'],
    cli: ['  - rules → rule 1 → notify: write a Slack channel like #security-alerts'],
    model: ['rules.0.notify: write a Slack channel like #security-alerts'],
  },
  {
    what: 'a channel in capitals',
    yaml: edit('notify: "#security-alerts"', 'notify: "#Security"'),
    reader: ['rules[0].notify (line 11): write a Slack channel like #security-alerts'],
    cli: ['  - rules → rule 1 → notify: write a Slack channel like #security-alerts'],
    model: ['rules.0.notify: write a Slack channel like #security-alerts'],
  },
  {
    what: 'a channel written as a number',
    yaml: edit('notify: "#security-alerts"', 'notify: 7'),
    reader: ['rules[0].notify (line 11): write text here'],
    cli: ['  - rules → rule 1 → notify: write the channel as text'],
    model: ['rules.0.notify: write the channel as text'],
  },
  {
    what: 'working hours written as text',
    yaml: addToRule('    workingHours: nine to five\n'),
    reader: ['rules[0].workingHours (line 12): write a set of fields here'],
    cli: ['  - rules → rule 1 → workingHours: Invalid input: expected object, received string'],
    model: ['rules.0.workingHours: Invalid input: expected object, received string'],
  },
  {
    what: 'a time zone with a space',
    yaml: hours({ timeZone: 'Europe London' }),
    reader: ['rules[0].workingHours.timeZone (line 13): write a time zone like Europe/London or UTC'],
    cli: ['  - rules → rule 1 → workingHours → timeZone: write a time zone like Europe/London or UTC'],
    model: ['rules.0.workingHours.timeZone: write a time zone like Europe/London or UTC'],
  },
  {
    what: 'a time zone written as a number',
    yaml: hours({ timeZone: '5' }),
    reader: ['rules[0].workingHours.timeZone (line 13): write text here'],
    cli: ['  - rules → rule 1 → workingHours → timeZone: Invalid input: expected string, received number'],
    model: ['rules.0.workingHours.timeZone: Invalid input: expected string, received number'],
  },
  {
    what: 'a time zone left empty',
    yaml: hours({ timeZone: '' }),
    reader: ['rules[0].workingHours.timeZone (line 13): write text here'],
    cli: ['  - rules → rule 1 → workingHours → timeZone: Invalid input: expected string, received null'],
    model: ['rules.0.workingHours.timeZone: Invalid input: expected string, received null'],
  },
  {
    what: 'a day that does not exist',
    yaml: hours({ days: '[monday, funday]' }),
    reader: ['rules[0].workingHours.days[1] (line 14): write one of "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"'],
    cli: ['  - rules → rule 1 → workingHours → days → item 2: Invalid option: expected one of "monday"|"tuesday"|"wednesday"|"thursday"|"friday"|"saturday"|"sunday"'],
    model: ['rules.0.workingHours.days.1: Invalid option: expected one of "monday"|"tuesday"|"wednesday"|"thursday"|"friday"|"saturday"|"sunday"'],
  },
  {
    what: 'an empty list of days',
    yaml: hours({ days: '[]' }),
    reader: ['rules[0].workingHours.days (line 14): list at least one day, like monday'],
    cli: ['  - rules → rule 1 → workingHours → days: list at least one day, like monday'],
    model: ['rules.0.workingHours.days: list at least one day, like monday'],
  },
  {
    what: 'days written as text',
    yaml: hours({ days: 'weekdays' }),
    reader: ['rules[0].workingHours.days (line 14): write a list here'],
    cli: ['  - rules → rule 1 → workingHours → days: Invalid input: expected array, received string'],
    model: ['rules.0.workingHours.days: Invalid input: expected array, received string'],
  },
  {
    what: 'a start time without a leading zero',
    yaml: hours({ start: '"9:00"' }),
    reader: ['rules[0].workingHours.start (line 15): write a time as HH:MM, like 09:00'],
    cli: ['  - rules → rule 1 → workingHours → start: write a time as HH:MM, like 09:00'],
    model: ['rules.0.workingHours.start: write a time as HH:MM, like 09:00'],
  },
  {
    what: 'an end time past midnight',
    yaml: hours({ end: '"25:00"' }),
    reader: ['rules[0].workingHours.end (line 16): write a time as HH:MM, like 09:00'],
    cli: ['  - rules → rule 1 → workingHours → end: write a time as HH:MM, like 09:00'],
    model: ['rules.0.workingHours.end: write a time as HH:MM, like 09:00'],
  },
  {
    what: 'a time written as a number',
    yaml: hours({ start: '900' }),
    reader: ['rules[0].workingHours.start (line 15): write text here'],
    cli: ['  - rules → rule 1 → workingHours → start: Invalid input: expected string, received number'],
    model: ['rules.0.workingHours.start: Invalid input: expected string, received number'],
  },
  {
    what: 'working hours with no end',
    yaml: hours({ end: '-' }),
    reader: ['rules[0].workingHours.end (line 13): this is missing; add "end" (text)'],
    cli: ['  - rules → rule 1 → workingHours → end: Invalid input: expected string, received undefined'],
    model: ['rules.0.workingHours.end: Invalid input: expected string, received undefined'],
  },
  {
    what: 'an unknown key in working hours',
    yaml: hours({ lunch: '"12:00"' }),
    reader: ['rules[0].workingHours.lunch (line 17): "lunch" is not a field this file knows; remove it or check its spelling'],
    cli: ['  - rules → rule 1 → workingHours: unknown setting "lunch"; check the spelling'],
    model: ['rules.0.workingHours: Unrecognized key: "lunch"'],
  },
  {
    what: 'a reference that is not a web address',
    yaml: addToRule('    references: [see the wiki]\n'),
    reader: ['rules[0].references[0] (line 12): write a full web address, starting with https://'],
    cli: ['  - rules → rule 1 → references → item 1: write a full web address, starting with https://'],
    model: ['rules.0.references.0: write a full web address, starting with https://'],
  },
  {
    what: 'references written as text',
    yaml: addToRule('    references: https://example.com\n'),
    reader: ['rules[0].references (line 12): write a list here'],
    cli: ['  - rules → rule 1 → references: Invalid input: expected array, received string'],
    model: ['rules.0.references: Invalid input: expected array, received string'],
  },
  {
    what: 'a reference written as a number',
    yaml: addToRule('    references: [12]\n'),
    reader: ['rules[0].references[0] (line 12): write text here'],
    cli: ['  - rules → rule 1 → references → item 1: write a full web address, starting with https://'],
    model: ['rules.0.references.0: write a full web address, starting with https://'],
  },
  {
    what: 'an ATT&CK id with too few digits',
    yaml: addToRule('    attack: [T12]\n'),
    reader: ['rules[0].attack[0] (line 12): write an ATT&CK id like T1078'],
    cli: ['  - rules → rule 1 → attack → item 1: write an ATT&CK id like T1078'],
    model: ['rules.0.attack.0: write an ATT&CK id like T1078'],
  },
  {
    what: 'an ATT&CK id written as a number',
    yaml: addToRule('    attack: [1078]\n'),
    reader: ['rules[0].attack[0] (line 12): write text here'],
    cli: ['  - rules → rule 1 → attack → item 1: Invalid input: expected string, received number'],
    model: ['rules.0.attack.0: Invalid input: expected string, received number'],
  },
  {
    what: 'an ATT&CK id that is not a number',
    yaml: addToRule('    attack: [.nan]\n'),
    reader: ['rules[0].attack[0] (line 12): write text here'],
    cli: ['  - rules → rule 1 → attack → item 1: Invalid input: expected string, received NaN'],
    model: ['rules.0.attack.0: Invalid input: expected string, received NaN'],
  },
  {
    what: 'attack written as text',
    yaml: addToRule('    attack: T1078\n'),
    reader: ['rules[0].attack (line 12): write a list here'],
    cli: ['  - rules → rule 1 → attack: Invalid input: expected array, received string'],
    model: ['rules.0.attack: Invalid input: expected array, received string'],
  },
  {
    what: 'a pinned text for a target that takes none',
    yaml: addToRule('    pinned:\n      splunk: index=cloudtrail\n'),
    reader: ['rules[0].pinned.splunk (line 13): "splunk" is not a field this file knows; remove it or check its spelling'],
    cli: ['  - rules → rule 1 → pinned: unknown setting "splunk"; check the spelling'],
    model: ['rules.0.pinned: Unrecognized key: "splunk"'],
  },
  {
    what: 'an empty pinned CloudWatch filter',
    yaml: addToRule('    pinned:\n      cloudwatch: ""\n'),
    reader: ['rules[0].pinned.cloudwatch (line 13): write at least one character'],
    cli: ['  - rules → rule 1 → pinned → cloudwatch: write at least one character'],
    model: ['rules.0.pinned.cloudwatch: write at least one character'],
  },
  {
    what: 'pinned written as text',
    yaml: addToRule('    pinned: yes please\n'),
    reader: ['rules[0].pinned (line 12): write a set of fields here'],
    cli: ['  - rules → rule 1 → pinned: Invalid input: expected object, received string'],
    model: ['rules.0.pinned: Invalid input: expected object, received string'],
  },
  {
    what: 'examples written as text',
    yaml: addToRule('    examples: fires on RunInstances\n'),
    reader: ['rules[0].examples (line 12): write a list here'],
    cli: ['  - rules → rule 1 → examples: Invalid input: expected array, received string'],
    model: ['rules.0.examples: Invalid input: expected array, received string'],
  },
  {
    what: 'an example that is only text',
    yaml: addToRule('    examples:\n      - fires on RunInstances\n'),
    reader: ['rules[0].examples[0] (line 13): write a set of fields here'],
    cli: ['  - rules → rule 1 → examples → item 1: Invalid input: expected object, received string'],
    model: ['rules.0.examples.0: Invalid input: expected object, received string'],
  },
  {
    what: 'an example with nothing but a name',
    yaml: addToRule('    examples:\n      - name: someone starts a server\n'),
    // The event is asked for after the other keys: a counting rule's example gives `events` instead.
    reader: [
      'rules[0].examples[0].expect (line 13): write one of "fires", "does-not-fire"',
      'rules[0].examples[0].event (line 13): this is missing: write the event as a CloudTrail record (a set of fields, like eventName: RunInstances), or several under events for a rule that counts',
    ],
    cli: [
      '  - rules → rule 1 → examples → item 1 → expect: this is missing: write fires or does-not-fire',
      '  - rules → rule 1 → examples → item 1 → event: this is missing: write the event as a CloudTrail record (a set of fields, like eventName: RunInstances), or several under events for a rule that counts',
    ],
    model: [
      'rules.0.examples.0.expect: this is missing: write fires or does-not-fire',
      'rules.0.examples.0.event: this is missing: write the event as a CloudTrail record (a set of fields, like eventName: RunInstances), or several under events for a rule that counts',
    ],
  },
  {
    what: 'an example with both one event and a list of events',
    yaml: addToRule(`    examples:\n      - name: a burst\n        event: { eventName: RunInstances }\n        events: [{ eventName: RunInstances }]\n        expect: fires\n`),
    reader: ['rules[0].examples[0].event (line 14): give the example one event or a list of events (for a rule that counts), not both'],
    cli: ['  - rules → rule 1 → examples → item 1 → event: give the example one event or a list of events (for a rule that counts), not both'],
    model: ['rules.0.examples.0.event: give the example one event or a list of events (for a rule that counts), not both'],
  },
  {
    what: 'a count of one',
    yaml: addToRule('    count: { atLeast: 1, withinMinutes: 5 }\n'),
    reader: ['rules[0].count.atLeast (line 12): write 2 or more; a rule without a count fires on every event'],
    cli: ['  - rules → rule 1 → count → atLeast: write 2 or more; a rule without a count fires on every event'],
    model: ['rules.0.count.atLeast: write 2 or more; a rule without a count fires on every event'],
  },
  {
    what: 'a window that does not divide an hour or a day',
    yaml: addToRule('    count: { atLeast: 5, withinMinutes: 7 }\n'),
    reader: ['rules[0].count.withinMinutes (line 12): write one of 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440'],
    cli: ['  - rules → rule 1 → count → withinMinutes: write one of 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440 minutes'],
    model: ['rules.0.count.withinMinutes: write one of 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440 minutes'],
  },
  {
    what: 'an example with no name',
    yaml: addToRule(`    examples:\n      - event: { eventName: RunInstances }\n        expect: fires\n`),
    reader: ['rules[0].examples[0].name (line 13): this is missing; add "name" (text)'],
    cli: ['  - rules → rule 1 → examples → item 1 → name: this is missing: write a name for the example, like "someone starts a server by hand"'],
    model: ['rules.0.examples.0.name: this is missing: write a name for the example, like "someone starts a server by hand"'],
  },
  {
    what: 'an example named with a number',
    yaml: addToRule(`    examples:\n      - ${example.replace('name: someone starts a server by hand', 'name: 3')}\n`),
    reader: ['rules[0].examples[0].name (line 13): write text here'],
    cli: ['  - rules → rule 1 → examples → item 1 → name: write a name for the example, like "someone starts a server by hand" as text'],
    model: ['rules.0.examples.0.name: write a name for the example, like "someone starts a server by hand" as text'],
  },
  {
    what: 'an example with an empty name',
    yaml: addToRule(`    examples:\n      - ${example.replace('name: someone starts a server by hand', 'name: ""')}\n`),
    reader: ['rules[0].examples[0].name (line 13): write a name for the example, like "someone starts a server by hand"'],
    cli: ['  - rules → rule 1 → examples → item 1 → name: write a name for the example, like "someone starts a server by hand"'],
    model: ['rules.0.examples.0.name: write a name for the example, like "someone starts a server by hand"'],
  },
  {
    what: 'an example whose event is a list',
    yaml: addToRule(`    examples:\n      - ${example.replace('event: { eventName: RunInstances }', 'event: [RunInstances]')}\n`),
    reader: ['rules[0].examples[0].event (line 14): write record here'],
    cli: ['  - rules → rule 1 → examples → item 1 → event: write the event as a CloudTrail record: a set of fields, like eventName: RunInstances'],
    model: ['rules.0.examples.0.event: write the event as a CloudTrail record: a set of fields, like eventName: RunInstances'],
  },
  {
    what: 'an example whose event is text',
    yaml: addToRule(`    examples:\n      - ${example.replace('event: { eventName: RunInstances }', 'event: RunInstances')}\n`),
    reader: ['rules[0].examples[0].event (line 14): write record here'],
    cli: ['  - rules → rule 1 → examples → item 1 → event: write the event as a CloudTrail record: a set of fields, like eventName: RunInstances'],
    model: ['rules.0.examples.0.event: write the event as a CloudTrail record: a set of fields, like eventName: RunInstances'],
  },
  {
    what: 'an example that expects something else',
    yaml: addToRule(`    examples:\n      - ${example.replace('expect: fires', 'expect: maybe')}\n`),
    reader: ['rules[0].examples[0].expect (line 15): write one of "fires", "does-not-fire"'],
    cli: ['  - rules → rule 1 → examples → item 1 → expect: write fires or does-not-fire'],
    model: ['rules.0.examples.0.expect: write fires or does-not-fire'],
  },
  {
    what: 'an unknown key in an example',
    yaml: addToRule(`    examples:\n      - ${example}\n        why: because\n`),
    reader: ['rules[0].examples[0].why (line 16): "why" is not a field this file knows; remove it or check its spelling'],
    cli: ['  - rules → rule 1 → examples → item 1: unknown setting "why"; check the spelling'],
    model: ['rules.0.examples.0: Unrecognized key: "why"'],
  },
  {
    what: 'alerting written as text',
    yaml: `alerting: slack please\n${base}`,
    reader: ['alerting (line 1): write a set of fields here'],
    cli: ['  - alerting: Invalid input: expected object, received string'],
    model: ['alerting: Invalid input: expected object, received string'],
  },
  {
    what: 'a chat tool that is not offered',
    yaml: `alerting:\n  chat: discord\n${base}`,
    reader: ['alerting.chat (line 2): write one of "slack", "mattermost", "msteams"'],
    cli: ['  - alerting → chat: write one of slack, mattermost or msteams'],
    model: ['alerting.chat: write one of slack, mattermost or msteams'],
  },
  {
    what: 'a pager that is not offered',
    yaml: `alerting:\n  pager: beeper\n${base}`,
    reader: ['alerting.pager (line 2): write one of "pagerduty", "opsgenie", "victorops"'],
    cli: ['  - alerting → pager: write one of pagerduty, opsgenie or victorops'],
    model: ['alerting.pager: write one of pagerduty, opsgenie or victorops'],
  },
  {
    what: 'a chat tool written as a number',
    yaml: `alerting:\n  chat: 1\n${base}`,
    reader: ['alerting.chat (line 2): write one of "slack", "mattermost", "msteams"'],
    cli: ['  - alerting → chat: write one of slack, mattermost or msteams'],
    model: ['alerting.chat: write one of slack, mattermost or msteams'],
  },
  {
    what: 'a routing key with a space',
    yaml: `alerting:\n  pager: victorops\n  victoropsRoutingKey: security team\n${base}`,
    reader: ['alerting.victoropsRoutingKey (line 3): write the routing key as letters, digits, _ . or -, like security'],
    cli: ['  - alerting → victoropsRoutingKey: write the routing key as letters, digits, _ . or -, like security'],
    model: ['alerting.victoropsRoutingKey: write the routing key as letters, digits, _ . or -, like security'],
  },
  {
    what: 'a routing key written as a number',
    yaml: `alerting:\n  victoropsRoutingKey: 12\n${base}`,
    reader: ['alerting.victoropsRoutingKey (line 2): write text here'],
    cli: ['  - alerting → victoropsRoutingKey: Invalid input: expected string, received number'],
    model: ['alerting.victoropsRoutingKey: Invalid input: expected string, received number'],
  },
  {
    what: 'an Opsgenie team with braces',
    yaml: `alerting:\n  pager: opsgenie\n  opsgenieTeam: "{team}"\n${base}`,
    reader: ['alerting.opsgenieTeam (line 3): write the Opsgenie team name, without braces'],
    cli: ['  - alerting → opsgenieTeam: write the Opsgenie team name, without braces'],
    model: ['alerting.opsgenieTeam: write the Opsgenie team name, without braces'],
  },
  {
    what: 'an unknown key in alerting',
    yaml: `alerting:\n  email: ops@example.com\n${base}`,
    reader: ['alerting.email (line 2): "email" is not a field this file knows; remove it or check its spelling'],
    cli: ['  - alerting: unknown setting "email"; check the spelling'],
    model: ['alerting: Unrecognized key: "email"'],
  },
  {
    what: 'several problems in two rules',
    yaml: `${edit('urgency: look-today', 'urgency: soon')}  - id: x\n    title: ""\n    means: 1\n    when: {}\n    urgency: fyi\n    notify: "#a"\n    colour: red\n`,
    reader: [
      'rules[0].urgency (line 10): write one of wake-me-up, look-today or fyi',
      'rules[1].id (line 12): write an id in lower case with dashes, like server-outside-autoscaling',
      'rules[1].title (line 13): write a short title, like "A server was started by hand"',
      'rules[1].means (line 14): write text here',
      'rules[1].whatToDo (line 12): this is missing; add "whatToDo" (text)',
      'rules[1].when (line 15): write one test, like "field: eventName" with "equals: RunInstances" (or oneOf, startsWith, endsWith, wildcard, exists), or combine tests with not, allOf or anyOf',
      'rules[1].colour (line 18): "colour" is not a field this file knows; remove it or check its spelling',
    ],
    cli: [
      '  - rules → rule 1 → urgency: write one of wake-me-up (wake someone up), look-today or fyi (just so you know)',
      '  - rules → rule 2 → id: write an id in lower case with dashes, like server-outside-autoscaling',
      '  - rules → rule 2 → title: write a short title, like "A server was started by hand"',
      '  - rules → rule 2 → means: write what it means when this fires, in plain words as text',
      '  - rules → rule 2 → whatToDo: this is missing: write what to do when it fires',
      '  - rules → rule 2 → when: this is not a condition or exception Plainsec knows; see plainsec rules validate --help for the forms',
      '  - rules → rule 2: unknown setting "colour"; check the spelling',
    ],
    model: [
      'rules.0.urgency: write one of wake-me-up (wake someone up), look-today or fyi (just so you know)',
      'rules.1.id: write an id in lower case with dashes, like server-outside-autoscaling',
      'rules.1.title: write a short title, like "A server was started by hand"',
      'rules.1.means: write what it means when this fires, in plain words as text',
      'rules.1.whatToDo: this is missing: write what to do when it fires',
      'rules.1.when: Invalid input',
      'rules.1: Unrecognized key: "colour"',
    ],
  },
];

describe('the words for a broken rule-set file', () => {
  it('starts from a file that both readers accept', () => {
    expect(parseRuleSetYaml(base).ok).toBe(true);
    expect(parseRuleSet(base, 'rules.yaml').ok).toBe(true);
  });

  it('has a table of at least 30 broken files', () => expect(broken.length).toBeGreaterThanOrEqual(30));

  it.each(broken)('the site explains a file with $what', ({ yaml, reader }) => {
    const result = parseRuleSetYaml(yaml);
    expect(result.ok ? [] : result.errors.map(formatRuleSetError)).toEqual(reader);
  });

  it.each(broken)('the command line explains a file with $what', ({ yaml, cli }) => {
    const result = parseRuleSet(yaml, 'rules.yaml');
    expect(result.ok ? [] : result.error.split('\n')).toEqual(['rules.yaml is not a valid rule file:', ...cli]);
  });

  it.each(broken)('the model explains a file with $what', ({ yaml, model }) => {
    const result = ruleSetSchema.safeParse(parseYaml(yaml));
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(model);
  });

  // The CLI and the site's reader both replace this message, so only the model can show it.
  it('asks for ignoreCase: true when a test says ignoreCase: false', () => {
    const result = ruleSetSchema.safeParse(parseYaml(edit('equals: RunInstances', 'equals: RunInstances\n      ignoreCase: false')));
    const within = (issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] =>
      issues.flatMap((i) => (i.code === 'invalid_union' ? i.errors.flatMap(within) : [i]));
    const branches = result.success ? [] : within(result.error.issues);
    expect(branches.map((i) => `${i.path.join('.')}: ${i.message}`)).toContain('ignoreCase: write ignoreCase: true, or leave it out for an exact match');
  });
});

describe('the published JSON Schema', () => {
  // Editors read this file; it must change only when the rule model does. After a deliberate change
  // to the model, write the fixture again with:
  // npx tsx -e "import('./src/lib/rules/json-schema.ts').then(m => process.stdout.write(JSON.stringify(m.ruleSetJsonSchema(), null, 2) + '\n'))" > tests/unit/rules/fixtures/rule-set.schema.json
  it('is the same text, byte for byte, as the saved copy', () => {
    const saved = readFileSync(path.join(import.meta.dirname, 'fixtures/rule-set.schema.json'), 'utf8');
    expect(`${JSON.stringify(ruleSetJsonSchema(), null, 2)}\n`).toBe(saved);
  });
});
