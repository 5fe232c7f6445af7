import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { silencesFor } from '../../../src/lib/announce/silence.ts';
import { hostileTexts, sampleAnnouncement } from './support.ts';

const spec = parse(readFileSync(path.resolve(process.cwd(), '../shared/corpora/alertmanager/openapi.yaml'), 'utf8')) as { definitions: Record<string, unknown> };

/** Alertmanager's own `postableSilence` definition (Swagger 2.0, a JSON Schema draft-4 subset). */
function postableSilenceValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile({ definitions: spec.definitions, $ref: '#/definitions/postableSilence' });
}

describe('the silence JSON', () => {
  it("matches Alertmanager's postableSilence definition, for any text the user typed", () => {
    const validate = postableSilenceValidator();
    for (const text of hostileTexts)
      for (const { silence } of silencesFor(sampleAnnouncement({ what: text, who: text }))) {
        expect(validate(silence), JSON.stringify(validate.errors)).toBe(true);
      }
  });

  it('the validator does reject a silence without matchers or with a time that is not a time', () => {
    const validate = postableSilenceValidator();
    const { silence } = silencesFor(sampleAnnouncement())[0]!;
    expect(validate({ ...silence, matchers: [] })).toBe(false);
    expect(validate({ ...silence, endsAt: 'tomorrow' })).toBe(false);
  });

  it('mutes exactly the chosen alerts: by alertname for most sources, by source and Falco rule name for falcosidekick', () => {
    const silences = silencesFor(sampleAnnouncement());
    expect(silences.map((s) => s.key)).toEqual(['alertname', 'falco']);
    expect(silences[0]!.silence.matchers).toEqual([{ name: 'alertname', value: 'cloudtrail-stopped|security-group-opened', isRegex: true, isEqual: true }]);
    expect(silences[1]!.silence.matchers).toEqual([
      { name: 'source', value: 'falco', isRegex: false, isEqual: true },
      { name: 'rule', value: 'CloudTrail logging was switched off|A firewall rule was opened to the world', isRegex: true, isEqual: true },
    ]);
    expect(silences[0]!.silence).toMatchObject({ startsAt: '2026-12-01T14:00:00Z', endsAt: '2026-12-01T16:00:00Z', createdBy: 'Ana Pérez', comment: 'Announced change: Upgrade the payments database' });
  });

  it('escapes rule names that hold regular-expression characters, and matches one alert exactly', () => {
    const one = silencesFor(sampleAnnouncement({ alerts: ['cloudtrail-stopped'] }));
    expect(one[0]!.silence.matchers[0]).toEqual({ name: 'alertname', value: 'cloudtrail-stopped', isRegex: false, isEqual: true });
    expect(one[1]!.silence.matchers[1]).toEqual({ name: 'rule', value: 'CloudTrail logging was switched off', isRegex: false, isEqual: true });
  });

  it('writes no Falco silence when no chosen alert reaches Falco', () => {
    expect(silencesFor(sampleAnnouncement({ alerts: ['iam-user-created'] })).map((s) => s.key)).toEqual(['alertname']);
  });
});
