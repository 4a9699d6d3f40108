// Bindings the integration tests run with; the same names as .dev.vars.example.
export const TEST_BINDINGS = {
  ENVIRONMENT: 'test',
  OPS_EMAIL: 'ops@pinlink.test',
  OPS_PASSWORD: 'ops-test-password',
  // Two keys: k2 signs, k1 still verifies (rotation).
  JWT_KEYS: 'k2:test-signing-key-two-0123456789abcdef,k1:test-signing-key-one-0123456789abcdef',
  PAYMENT_WEBHOOK_SECRET: 'whsec_test',
  VISITOR_SALT: 'test-salt',
  STRIPE_SECRET_KEY: 'sk_test_pinlink_fixture',
  STRIPE_WEBHOOK_SECRET: 'whsec_stripe_test',
  // Abuse limits: small and short here, so a test can fill a window and then see the next one open.
  LIMIT_SIGNUPS_PER_ADDRESS: '5/4',
  LIMIT_LINKS_PER_SELLER: '25/4',
  LIMIT_UNPAID_ORDERS_PER_EMAIL: '5/4',
  LIMIT_BUYER_CODES_PER_EMAIL: '3/4',
  LIMIT_BUYER_CODES_PER_ADDRESS: '8/4',
};
