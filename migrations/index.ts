// Every migration, in order. `npm run migration:generate -- <Name>` appends to this list.
import { Extensions1764070000000 } from './1764070000000-Extensions';

export const MIGRATIONS: Function[] = [
  Extensions1764070000000,
];
