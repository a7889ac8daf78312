// Generated from the migrated schema by `npm run schema:types`; `npm run migration:check` fails when it is stale.
// Do not edit: change the entity, generate a migration, then regenerate this file.

/** Every table, each column as the pg driver returns it. */
export interface Schema {
  api_keys: {
    id: string;
    name: string;
    prefix: string;
    key_hash: Buffer;
    scopes: string[];
    created_by: string;
    created_at: Date;
    revoked_at: Date | null;
  };
  audit_events: {
    seq: string;
    occurred_at: Date;
    actor_kind: string;
    actor_id: string | null;
    actor_role: string | null;
    action: string;
    resource_type: string;
    resource_id: string | null;
    client_ids: string[];
    request_id: string | null;
    source_address: string | null;
    prev_hash: Buffer | null;
    hash: Buffer;
  };
  audit_seals: {
    last_seq: string;
    first_seq: string;
    events: number;
    prev_hash: Buffer | null;
    hash: Buffer;
    sealed_at: Date;
  };
  availability_windows: {
    id: string;
    therapist_id: string;
    weekday: number;
    starts_at: string;
    ends_at: string;
  };
  billing_counters: {
    name: 'invoice' | 'credit_note';
    last_number: number;
  };
  busy_times: {
    id: string;
    therapist_id: string;
    during: string;
    kind: 'session' | 'connection_call' | 'time_off';
    released_at: Date | null;
    created_at: Date;
  };
  calendar_feeds: {
    user_id: string;
    token_hash: Buffer;
    created_at: Date;
  };
  client_birth_date_corrections: {
    id: string;
    client_id: string;
    previous_date_of_birth: Date;
    date_of_birth: Date;
    corrected_at: Date;
  };
  clients: {
    id: string;
    legal_name: string;
    preferred_name: string | null;
    pronouns: string | null;
    date_of_birth: Date;
    email: string | null;
    phone: string | null;
    status: 'active' | 'inactive' | 'discharged';
    primary_therapist_id: string;
    portal_user_id: string | null;
    archived_at: Date | null;
    purged_at: Date | null;
    created_at: Date;
    updated_at: Date;
    address_line1: string | null;
    address_line2: string | null;
    address_city: string | null;
    address_province: string;
    address_postal_code: string | null;
    emergency_contact_name: string | null;
    emergency_contact_phone: string | null;
    emergency_contact_relationship: string | null;
  };
  clinical_notes: {
    id: string;
    session_id: string;
    version: number;
    text: string;
    corrects_version: number | null;
    reason: string | null;
    author_id: string;
    written_at: Date;
  };
  connection_calls: {
    id: string;
    therapist_id: string;
    busy_time_id: string;
    starts_at: Date;
    ends_at: Date;
    modality: 'phone' | 'video' | 'in_person';
    status: 'booked' | 'cancelled' | 'completed' | 'no_show';
    name: string;
    email: string;
    phone: string | null;
    message: string | null;
    staff_notes: string | null;
    manage_token_hash: Buffer;
    booked_by_key_id: string | null;
    client_id: string | null;
    cancelled_at: Date | null;
    created_at: Date;
    updated_at: Date;
    requester_hash: Buffer | null;
  };
  consents: {
    id: string;
    client_id: string;
    purpose: 'treatment' | 'joint_record_release' | 'email_contact' | 'reminders' | 'repair_notices';
    decision: 'granted' | 'withdrawn';
    note: string | null;
    recorded_by: string;
    recorded_at: Date;
  };
  couple_memberships: {
    couple_id: string;
    client_id: string;
    current: boolean;
  };
  couples: {
    id: string;
    partner_a_id: string;
    partner_b_id: string;
    therapist_id: string;
    status: 'active' | 'paused' | 'ended';
    started_on: Date;
    ended_on: Date | null;
    created_at: Date;
    updated_at: Date;
    billing_payer: 'partner_a' | 'partner_b' | 'split';
    billing_share_a_basis_points: number | null;
  };
  credit_note_lines: {
    id: string;
    credit_note_id: string;
    invoice_line_id: string;
    tax_treatment: 'exempt' | 'hst_13';
    amount_cents: number;
    tax_cents: number;
    total_cents: number;
  };
  credit_notes: {
    id: string;
    number: number;
    invoice_id: string;
    issued_at: Date;
    reason: string;
    subtotal_cents: number;
    tax_cents: number;
    total_cents: number;
    issued_by: string;
  };
  idempotency_keys: {
    scope: string;
    key: string;
    request_hash: Buffer;
    state: 'in_progress' | 'done';
    response_status: number | null;
    response_body: unknown | null;
    created_at: Date;
    expires_at: Date;
    claim_id: string | null;
  };
  invitations: {
    id: string;
    client_id: string;
    email: string;
    token_hash: Buffer;
    expires_at: Date;
    accepted_at: Date | null;
    user_id: string | null;
    created_by: string;
    created_at: Date;
  };
  invoice_lines: {
    id: string;
    invoice_id: string;
    position: number;
    service_type_id: string;
    therapy_session_id: string | null;
    therapist_id: string;
    service_date: Date;
    duration_minutes: number | null;
    description: string;
    tax_treatment: 'exempt' | 'hst_13';
    fee_cents: number;
    share_basis_points: number;
    amount_cents: number;
    tax_cents: number;
    total_cents: number;
  };
  invoices: {
    id: string;
    number: number;
    payer_client_id: string;
    couple_id: string | null;
    status: 'issued' | 'void';
    issued_at: Date;
    due_on: Date;
    period_from: Date | null;
    period_to: Date | null;
    subtotal_cents: number;
    tax_cents: number;
    total_cents: number;
    hst_number: string | null;
    issued_by: string;
    voided_at: Date | null;
    voided_by: string | null;
    void_reason: string | null;
  };
  outbox_messages: {
    id: string;
    channel: string;
    event: string;
    payload: unknown;
    created_at: Date;
    available_at: Date;
    attempts: number;
    delivered_at: Date | null;
    failed_at: Date | null;
    last_error: string | null;
    idempotency_key: string | null;
    subject_id: string | null;
    not_after: Date | null;
    withdrawn_at: Date | null;
    link_removed_at: Date | null;
  };
  outcome_assignments: {
    id: string;
    couple_id: string;
    instrument: 'csi-4' | 'csi-16';
    schedule_kind: 'once' | 'sessions' | 'weeks';
    every: number | null;
    shares_totals: boolean;
    assigned_by_user_id: string;
    assigned_at: Date;
  };
  outcome_notices: {
    assignment_id: string;
    occasion: number;
    sent_at: Date;
  };
  outcome_responses: {
    id: string;
    assignment_id: string;
    couple_id: string;
    client_id: string;
    answered_by_user_id: string;
    instrument: 'csi-4' | 'csi-16';
    instrument_version: number;
    occasion: number;
    answers: unknown;
    total: number;
    below_cutoff: boolean;
    corrects_id: string | null;
    answered_at: Date;
  };
  password_resets: {
    id: string;
    user_id: string;
    token_hash: Buffer;
    expires_at: Date;
    used_at: Date | null;
    created_at: Date;
  };
  payment_allocations: {
    id: string;
    payment_id: string;
    invoice_line_id: string;
    invoice_id: string;
    amount_cents: number;
    credit_note_id: string | null;
    allocated_at: Date;
  };
  payments: {
    id: string;
    payer_client_id: string;
    method: 'cash' | 'e_transfer' | 'card_terminal' | 'insurer_direct';
    amount_cents: number;
    received_at: Date;
    reference: string | null;
    recorded_by: string;
    recorded_at: Date;
  };
  rate_limit_counters: {
    key: string;
    hits: number;
    window_ends_at: Date;
  };
  refresh_tokens: {
    id: string;
    user_id: string;
    family_id: string;
    token_hash: Buffer;
    expires_at: Date;
    used_at: Date | null;
    revoked_at: Date | null;
    created_at: Date;
  };
  repair_attempts: {
    id: string;
    rupture_id: string;
    sequence: number;
    initiator_client_id: string;
    recorded_by_user_id: string;
    recorded_by_role: 'client' | 'therapist';
    approach: 'imago_dialogue' | 'apology' | 'behaviour_change_request' | 'other';
    imago_steps: string[];
    requests: string[];
    notes: string | null;
    status: string;
    started_at: Date;
    closed_at: Date | null;
  };
  repair_confirmations: {
    id: string;
    attempt_id: string;
    client_id: string;
    confirmed_by_user_id: string;
    feels_repaired: boolean;
    comment: string | null;
    confirmed_at: Date;
  };
  repair_report_couples: {
    couple_id: string;
    number: number;
  };
  repair_report_days: {
    day: Date;
    zone: string;
    fingerprint: string;
    ruptures: number;
    completed: number;
    attempts: number;
    repairs: number;
    hours_to_recognition: number[];
    hours_to_completion: number[];
    member_keys: string[];
    member_ruptures: number[];
    computed_at: Date;
    member_couple_sets: string[];
    member_width: number;
    recognition_sample: number[];
    completion_sample: number[];
    recognition_count: number;
    completion_count: number;
  };
  repair_report_periods: {
    zone: string;
    unit: string;
    period: Date;
    whole: boolean;
    lo: Date;
    hi: Date;
    fingerprint: string;
    figures: unknown | null;
    computed_at: Date;
  };
  rupture_day_versions: {
    day: Date;
    version: string;
  };
  rupture_recognitions: {
    id: string;
    rupture_id: string;
    recognized_by_user_id: string;
    role: string;
    client_id: string | null;
    statement: string | null;
    recognized_at: Date;
  };
  rupture_transitions: {
    seq: string;
    rupture_id: string;
    event: 'reported' | 'recognized' | 'initiated' | 'attempt_incomplete' | 'completed';
    from_stage: string | null;
    to_stage: 'reported' | 'recognized' | 'initiated' | 'completed';
    attempt_id: string | null;
    actor_user_id: string;
    actor_role: string;
    actor_client_id: string | null;
    occurred_at: Date;
  };
  ruptures: {
    id: string;
    couple_id: string;
    occurred_at: Date;
    reported_by_user_id: string;
    reported_by_role: string;
    reported_by_client_id: string | null;
    description: string;
    severity: 'minor' | 'moderate' | 'major';
    kind: 'missed_bid' | 'dismissive_tone' | 'criticism' | 'withdrawal' | 'broken_agreement' | 'breach_of_trust' | 'other';
    themes: string[];
    session_id: string | null;
    stage: 'reported' | 'recognized' | 'initiated' | 'completed';
    recognized_at: Date | null;
    initiated_at: Date | null;
    completed_at: Date | null;
    recurrence_of_id: string | null;
    recurring_themes: string[];
    created_at: Date;
    updated_at: Date;
  };
  service_prices: {
    id: string;
    service_type_id: string;
    effective_from: Date;
    unit_price_cents: number;
    set_by: string | null;
    created_at: Date;
  };
  service_types: {
    id: string;
    code: string;
    name: string;
    kind: 'session' | 'late_cancellation' | 'no_show' | 'document';
    party: 'individual' | 'couple' | null;
    duration_minutes: number | null;
    tax_treatment: 'exempt' | 'hst_13';
    active: boolean;
    created_at: Date;
  };
  therapist_profiles: {
    user_id: string;
    credentials: string;
    crpo_number: string | null;
    languages: string[];
    bio: string;
    takes_connection_calls: boolean;
  };
  therapy_sessions: {
    id: string;
    therapist_id: string;
    couple_id: string | null;
    client_id: string | null;
    during: string;
    busy_time_id: string;
    modality: string;
    location: string | null;
    video_url: string | null;
    status: 'scheduled' | 'completed' | 'cancelled' | 'no_show';
    attended_client_ids: string[];
    series_id: string | null;
    completed_at: Date | null;
    cancelled_at: Date | null;
    cancelled_by: 'client' | 'therapist' | 'clinic' | null;
    cancellation_reason: string | null;
    late_cancellation: boolean | null;
    created_by: string;
    created_at: Date;
    updated_at: Date;
  };
  time_off: {
    id: string;
    therapist_id: string;
    busy_time_id: string;
    starts_at: Date;
    ends_at: Date;
    reason: string | null;
    created_by: string;
    released_at: Date | null;
    created_at: Date;
  };
  users: {
    id: string;
    email: string;
    role: 'admin' | 'therapist' | 'client';
    display_name: string;
    password_hash: string | null;
    active: boolean;
    deactivated_at: Date | null;
    created_at: Date;
    updated_at: Date;
  };
  webhook_deliveries: {
    id: string;
    message_id: string;
    webhook_id: string;
    event: string;
    occurred_at: Date;
    data: unknown;
    created_at: Date;
    available_at: Date;
    attempts: number;
    delivered_at: Date | null;
    failed_at: Date | null;
    last_status: number | null;
    last_error: string | null;
  };
  webhooks: {
    id: string;
    url: string;
    events: string[];
    description: string | null;
    secret_seed: Buffer;
    created_by: string;
    created_at: Date;
    deleted_at: Date | null;
  };
}

/** A row of `table`, as the pg driver returns it. */
export type Row<T extends keyof Schema> = Schema[T];
