/// <reference lib="webworker" />
import { precacheAndRoute } from 'workbox-precaching';
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
declare const self: ServiceWorkerGlobalScope;
precacheAndRoute(self.__WB_MANIFEST);
console.log(new CognitoIdentityClient({ region: 'us-east-1' }), import.meta.env.VITE_API_URL);
