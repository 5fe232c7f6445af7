import { describe, expect, it } from 'vitest';
import { allClearMessage, announcementMessage } from '../../../src/lib/announce/messages.ts';
import { sampleAnnouncement } from './support.ts';

describe('the chat messages', () => {
  it('says what, who, the window in the team zone and in UTC, and the alerts to expect by title', () => {
    const text = announcementMessage(sampleAnnouncement({ timeZone: 'America/New_York', startTime: '09:00', endTime: '11:00' }));
    expect(text).toContain('*Planned change:* Upgrade the payments database');
    expect(text).toContain('*Who:* Ana Pérez');
    expect(text).toContain('Tuesday 1 December 2026, 09:00 GMT-5 to 11:00 GMT-5 (America/New_York), 2 hours');
    expect(text).toContain('*In UTC:* 2026-12-01 14:00 to 16:00 UTC');
    expect(text).toContain('• CloudTrail logging was switched off (Wake me up)');
    expect(text).toContain('• A firewall rule was opened to the world (Look today)');
  });

  it('keeps user text from becoming a Slack link or mention, and on one line', () => {
    const text = announcementMessage(sampleAnnouncement({ what: '<!channel> & <https://evil.example|click>\nsecond line' }));
    expect(text).toContain('*Planned change:* &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; second line');
  });

  it('writes an all-clear that names the change and the window', () => {
    expect(allClearMessage(sampleAnnouncement())).toMatch(/Change finished:\* Upgrade the payments database[\s\S]*2026-12-01 14:00 to 16:00 UTC/);
  });
});
