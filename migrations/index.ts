// Every migration, in order. `npm run migration:generate -- <Name>` appends to this list.
import { Extensions1764070000000 } from './1764070000000-Extensions';
import { Accounts1795618195147 } from './1795618195147-Accounts';

export const MIGRATIONS: Function[] = [
  Extensions1764070000000,
  Accounts1795618195147,
];
