export interface TestDatabase {
  url: string;
  embedded?: { dir: string; stop(): Promise<void> };
}
