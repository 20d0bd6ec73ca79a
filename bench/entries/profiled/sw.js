// The demo worker, unmodified, with the bench's timing probes wrapped around the platform first.
import { evaluated } from '../workerProbes.js';
import '../../../sw/demo/sw.ts';

evaluated();
