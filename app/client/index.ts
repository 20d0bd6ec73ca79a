export { SigningClient, type SigningClientOptions } from './SigningClient.ts';
export { WorkerError } from './WorkerError.ts';
