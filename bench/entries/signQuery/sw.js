// The demo worker, unmodified, built with `VITE_API_SIGN_QUERY=true` (`startRig.ts`): it signs GETs
// in the query string, so they need no CORS preflight (the workerQuery variant).
import '../../../sw/demo/sw.ts';
