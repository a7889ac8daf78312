import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { AppConfig } from '../config/environment';
import { accountLink } from './account-emails';
import { ClinicContact, maskEmail, renderEmail } from './email-templates';

export interface EmailMessage {
  id: string;
  event: string;
  payload: Record<string, unknown>;
}

/**
 * Sends outbox emails over SMTP when SMTP_URL is set; otherwise only notes them in the log.
 * Either way the log gets the event, the message id and a masked recipient: never a body, and a
 * link only outside production with no SMTP_URL (an invitation or reset link, for local testing).
 */
@Injectable()
export class EmailChannel implements OnApplicationShutdown {
  private readonly transport?: Transporter;
  private readonly from: string;
  private readonly clinic: ClinicContact;
  private readonly production: boolean;

  constructor(config: ConfigService<AppConfig, true>) {
    const url = config.get('SMTP_URL', { infer: true });
    this.from = config.get('SMTP_FROM', { infer: true });
    this.clinic = {
      timeZone: config.get('CLINIC_TIME_ZONE', { infer: true }),
      name: config.get('CLINIC_NAME', { infer: true }),
      phone: config.get('CLINIC_PHONE', { infer: true }) || undefined,
      email: config.get('CLINIC_EMAIL', { infer: true }),
    };
    this.production = config.get('NODE_ENV', { infer: true }) === 'production';
    // Timeouts well inside the worker's lease, so a hung server cannot outlive the claim.
    // nodemailer is loaded only when mail is sent: a process without SMTP_URL starts without it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (url) this.transport = (require('nodemailer') as typeof import('nodemailer')).createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  }

  get sends(): boolean {
    return this.transport !== undefined;
  }

  async send(message: EmailMessage, log: Logger): Promise<void> {
    const email = renderEmail(message.event, message.payload, this.clinic);
    const entry = { event: message.event, messageId: message.id, to: maskEmail(email.to) };
    if (!this.transport) {
      // So a newcomer without a mail server can follow an invitation or reset; never in production.
      const link = this.production ? undefined : accountLink(message.payload);
      log.info(link ? { ...entry, developmentLink: link } : entry, 'email not sent (no SMTP_URL): noted here only');
      return;
    }
    await this.transport.sendMail({ from: this.from, to: email.to, subject: email.subject, text: email.text, attachments: email.attachments });
    log.info(entry, 'email sent');
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
