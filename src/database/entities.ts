/** Every TypeORM entity of the app: the schema that migrations must match. */
export const ENTITIES: Function[] = [];
