/** What a link to the signup page may preset: `?language=de&coupon=SPRING&email=a@b.example&component.<id>=3`. */
export interface SignupUrlParams {
  language: string | null;
  coupon: string | null;
  email: string | null;
  /** `component.<componentId>=<quantity>` entries. */
  components: Record<string, number>;
}

export function readUrlParams(search: string): SignupUrlParams {
  const params = new URLSearchParams(search);
  const components: Record<string, number> = {};
  for (const [key, value] of params) {
    if (key.startsWith('component.') && /^\d{1,6}$/.test(value)) components[key.slice(10)] = Number(value);
  }
  return {
    language: params.get('language')?.trim() || null,
    coupon: params.get('coupon')?.trim() || null,
    email: params.get('email')?.trim() || null,
    components,
  };
}
