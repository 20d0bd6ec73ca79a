// In-page signing the API Gateway SDK's way (sigV4Client.js + crypto-js).
export { signCryptoJs } from '../sigV4ClientCryptoJs.ts';
