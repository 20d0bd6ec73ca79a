// The variables Vite replaces at build time (vite/client declares more, but not for a worker's lib).
interface ImportMetaEnv {
  /** The API Gateway stage URL whose requests the worker signs. */
  readonly VITE_API_URL: string;
  /** The emulator's Cognito endpoint; undefined for real AWS. */
  readonly VITE_COGNITO_ENDPOINT?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
