import { describe, expect, it } from 'vitest';
import { alertListJson } from '../../../src/lib/announce/alert-list.ts';
import { inputToJson } from '../../../src/lib/announce/share.ts';
import { announcementIn, decodeLastAnnouncement, decodeOwnAlerts } from '../../../src/lib/announce/stored.ts';
import { catalogue, sampleInput } from './support.ts';

describe('the announce page’s stored texts', () => {
  it('an announcement kept in the browser reads back as it was written', () => {
    expect(decodeLastAnnouncement(inputToJson(sampleInput()))).toEqual({ input: sampleInput() });
    expect(announcementIn(inputToJson(sampleInput()))).toEqual(sampleInput());
  });

  it('the stored announcement keeps its version under the key "v", so links and saved announcements from before still read', () => {
    const stored = JSON.parse(inputToJson(sampleInput())) as Record<string, unknown>;
    expect(stored['v']).toBe(1);
    expect(decodeLastAnnouncement(JSON.stringify({ ...stored, v: 2 })).problem).toMatch(/another version of this page/);
  });

  it('nothing stored reads as no announcement and no problem', () => {
    expect(decodeLastAnnouncement(null)).toEqual({});
    expect(decodeLastAnnouncement(undefined)).toEqual({});
  });

  it('an unreadable announcement gives a problem that says where the text is kept aside', () => {
    const read = decodeLastAnnouncement('{"v":1,"what":');
    expect(read.input).toBeUndefined();
    expect(read.problem).toMatch(/could not be loaded \(it is not readable\).*plainsec:announce:v1:unreadable/);
    expect(announcementIn('{"v":1,"what":')).toBeUndefined();
    expect(announcementIn('{"v":1}')).toBeUndefined();
  });

  it('the user’s own rules read back as loaded, and nothing stored is an empty list', () => {
    expect(decodeOwnAlerts(alertListJson([catalogue[2]!])).alerts.map((a) => a.id)).toEqual(['iam-user-created']);
    expect(decodeOwnAlerts(null)).toEqual({ alerts: [] });
  });

  it('unreadable own rules give an empty list and a problem naming the file to load again', () => {
    const read = decodeOwnAlerts('{"plainsecAlerts":1');
    expect(read.alerts).toEqual([]);
    expect(read.problem).toMatch(/announce-alerts\.json once more.*plainsec:announce-rules:v1:unreadable/);
  });
});
