import { SigningClient } from '../client/index.ts';

// Placeholder until the demo UI lands: registers the signing worker.
const client = new SigningClient();
(window as unknown as { signing: SigningClient }).signing = client;
