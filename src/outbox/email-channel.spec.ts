import { ConfigService } from '@nestjs/config';
import pino from 'pino';
import { Writable } from 'node:stream';
import type { AppConfig } from '../config/environment';
import { accountMessage } from './account-emails';
import { EmailChannel } from './email-channel';

/** What the channel writes to the log for one message, with no SMTP_URL, under NODE_ENV. */
async function logLinesFor(nodeEnv: AppConfig['NODE_ENV'], entry = accountMessage.invitation('sam@example.ca', 'http://localhost:3000/portal/accept-invitation#token=iv_secret', new Date())) {
  const values: Partial<AppConfig> = { NODE_ENV: nodeEnv, SMTP_FROM: 'Clinic <no-reply@clinic.invalid>', CLINIC_TIME_ZONE: 'America/Toronto' };
  const config = { get: (key: keyof AppConfig) => values[key] } as unknown as ConfigService<AppConfig, true>;
  let written = '';
  const log = pino(new Writable({ write: (chunk: Buffer, _enc, done) => ((written += chunk.toString()), done()) }));
  await new EmailChannel(config).send({ id: 'm1', event: entry.event, payload: entry.payload }, log);
  return written;
}

describe('EmailChannel without SMTP_URL', () => {
  it('writes an invitation link to the development log so a newcomer can follow it', async () => {
    expect(await logLinesFor('development')).toContain('#token=iv_secret');
  });

  it('never writes a link in production', async () => {
    const written = await logLinesFor('production');
    expect(written).toContain('portal.invitation');
    expect(written).not.toContain('iv_secret');
  });

  it('writes a reset link too, but nothing for a notice that carries none', async () => {
    expect(await logLinesFor('development', accountMessage.passwordReset('sam@example.ca', 'http://localhost:3000/reset#token=pr_x', new Date()))).toContain('pr_x');
    expect(await logLinesFor('development', accountMessage.emailChanged('sam@example.ca'))).not.toContain('developmentLink');
  });
});
