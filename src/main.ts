/*
 * The API's entry point: Node's compile cache first, so that it applies to everything loaded after
 * it, then the start (start.ts). `npm run build` joins start.ts and the API's modules into one file
 * (scripts/bundle-api.js), which the cache then keeps compiled as a whole.
 */
import './compile-cache';
import './start';
