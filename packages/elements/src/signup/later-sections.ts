// The signup's sections below the customer's details, defined after the first view (see `PorticoSignup`):
// the payment methods and the terms.
import '../shared/payment/portico-payment.ts';
import './terms/portico-signup-terms.ts';
