// The outcome measures' tables, registered together in src/database/entities.ts.
export { OutcomeAssignment } from './outcome-assignment.entity';
export { OutcomeNotice } from './outcome-notice.entity';
export { OutcomeResponse } from './outcome-response.entity';
