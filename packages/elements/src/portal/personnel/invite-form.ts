import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg } from '@lit/localize';
import type { PersonInvite, PersonPermission } from '@portico/core';
import { PERMISSIONS, permissionLabel, roleLabel } from '../labels.ts';

/** Messages per field (`email`, `firstName`, …) and `form` for the whole form. */
export type InviteErrors = Record<string, string>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readInvite(form: HTMLFormElement): PersonInvite {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const invite: PersonInvite = {
    email: text('email'),
    firstName: text('firstName'),
    lastName: text('lastName'),
    role: text('role') === 'admin' ? 'admin' : 'member',
    permissions: data.getAll('permissions').map(String) as PersonPermission[],
  };
  const phone = text('phone');
  if (phone) invite.phone = phone;
  return invite;
}

/** The checks the browser can make before sending; the server checks again and may add its own errors. */
export function validateInvite(invite: PersonInvite): InviteErrors {
  const errors: InviteErrors = {};
  if (!invite.email) errors.email = msg('Enter an e-mail address.');
  else if (!EMAIL.test(invite.email)) errors.email = msg('Please enter an e-mail address like name@example.com.');
  if (!invite.firstName) errors.firstName = msg('Enter a first name.');
  if (!invite.lastName) errors.lastName = msg('Enter a last name.');
  return errors;
}

function field(name: string, label: string, type: string, errors: InviteErrors, autocomplete: string, required = true) {
  const error = errors[name];
  return html`<div class="field">
    <label>
      <span>${label}${required ? nothing : html` <span class="muted">(${msg('optional')})</span>`}</span>
      <input
        name=${name}
        type=${type}
        autocomplete=${autocomplete}
        ?required=${required}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${ifDefined(error ? `${name}-error` : undefined)}
      />
    </label>
    ${error ? html`<p id="${name}-error" class="error">${error}</p>` : nothing}
  </div>`;
}

/** The invitation form; it offers the permissions the inviting person holds (`grantable`), as the server allows. */
export function inviteFormTemplate(
  errors: InviteErrors,
  busy: boolean,
  grantable: readonly PersonPermission[],
  onSubmit: (event: SubmitEvent) => void,
) {
  const permissionsError = errors.permissions;
  const roleError = errors.role;
  return html`<form class="invite" novalidate aria-labelledby="invite-heading" @submit=${onSubmit}>
    ${field('email', msg('E-mail'), 'email', errors, 'off')}
    ${field('firstName', msg('First name'), 'text', errors, 'off')}
    ${field('lastName', msg('Last name'), 'text', errors, 'off')}
    ${field('phone', msg('Phone'), 'tel', errors, 'off', false)}
    <label>
      ${msg('Role')}
      <select
        name="role"
        aria-invalid=${roleError ? 'true' : 'false'}
        aria-describedby=${ifDefined(roleError ? 'role-error' : undefined)}
      >
        <option value="member">${roleLabel('member')}</option>
        <option value="admin">${roleLabel('admin')}</option>
      </select>
    </label>
    ${roleError ? html`<p id="role-error" class="error">${roleError}</p>` : nothing}
    <fieldset aria-describedby=${ifDefined(permissionsError ? 'permissions-error' : undefined)}>
      <legend>${msg('Permissions')}</legend>
      ${PERMISSIONS.filter((permission) => grantable.includes(permission)).map(
        (permission) =>
          html`<label>
            <input type="checkbox" name="permissions" value=${permission} ?checked=${permission === 'invoices'} />
            ${permissionLabel(permission)}
          </label>`,
      )}
    </fieldset>
    ${permissionsError ? html`<p id="permissions-error" class="error">${permissionsError}</p>` : nothing}
    ${errors.form ? html`<p role="alert">${errors.form}</p>` : nothing}
    <div class="actions">
      <button type="submit" part="primary-button" class="primary" ?disabled=${busy}>${msg('Send invitation')}</button>
    </div>
  </form>`;
}
