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
};
