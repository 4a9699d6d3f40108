// Creates (or resets the password of) the ops account in DATABASE_URL. For production use.
import { seedOps } from '../seed';

const url = process.env.DATABASE_URL;
const email = process.env.OPS_EMAIL;
const password = process.env.OPS_PASSWORD;
if (!url || !email || !password) {
  console.error('Set DATABASE_URL, OPS_EMAIL and OPS_PASSWORD.');
  process.exit(1);
}
const local = /@(127\.0\.0\.1|localhost)[:/]/.test(url);
if (!local && (password === 'pinlink-ops-dev' || password.length < 12)) {
  console.error('Refusing: OPS_PASSWORD is the development default or shorter than 12 characters.');
  process.exit(1);
}
seedOps(url, process.env.LOCAL_DB_PROXY, email, password).then(
  () => console.log(`ops account ${email} is ready`),
  (e) => {
    console.error('failed:', e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
