/**
 * No fields: the invitation goes only to the email on the client record, so an address given
 * here is refused (400) rather than silently ignored. Changing it is an update of the record.
 */
export class InviteClientDto {}
