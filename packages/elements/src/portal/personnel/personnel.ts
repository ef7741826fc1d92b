import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import {
  mayDemoteOrRemove,
  type PersonInvite,
  type PersonPermission,
  type PersonRole,
  type PortalPerson,
} from '@portico/core';
import { ApiError } from '../../base/api.ts';
import { canManagePersons } from '../access.ts';
import { PERMISSIONS, permissionLabel, roleLabel } from '../labels.ts';
import { PortalSection, type Load } from '../section.ts';
import { inviteFormTemplate, readInvite, validateInvite, type InviteErrors } from './invite-form.ts';

/**
 * Authorised personnel: the customer's persons with contact details and roles. Owners and admins invite
 * persons by e-mail, change their roles and permissions, and remove them — offering only what the server allows
 * (`@portico/core` `person-rules.ts`): the permissions they hold themselves, and no change or removal of a person
 * who holds more than they do.
 *
 * @internal A section of `<portico-portal>`, which hands it the client and session; pages style it through the
 *   portal's parts.
 */
export class PorticoPortalPersonnel extends PortalSection {
  @state() private load: Load<PortalPerson[]> = { status: 'loading' };
  @state() private inviteErrors: InviteErrors = {};
  @state() private inviteBusy = false;
  @state() private notice = '';
  @state() private actionError = '';
  @state() private editing: string | null = null;
  @state() private confirmingRemoval: string | null = null;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('client')) void this.fetch();
  }

  private async fetch(): Promise<void> {
    await this.loadInto<PortalPerson[]>('/persons', (load) => (this.load = load));
  }

  private get persons(): PortalPerson[] {
    return this.load.status === 'ready' ? this.load.data : [];
  }

  private set persons(persons: PortalPerson[]) {
    this.load = { status: 'ready', data: persons };
    this.dataSaved();
  }

  private serverMessage(error: unknown): string {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500 && ![401, 429].includes(error.status)) {
      return error.message;
    }
    return this.errorMessage(error) ?? '';
  }

  private async invite(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const invite = readInvite(form);
    this.notice = '';
    this.inviteErrors = validateInvite(invite);
    if (Object.keys(this.inviteErrors).length > 0) return this.focusFirstInvalid(form);
    if (!this.client) return;
    this.inviteBusy = true;
    try {
      const person = await this.client.send<PortalPerson>('POST', '/persons', invite satisfies PersonInvite);
      this.persons = [...this.persons, person];
      form.reset();
      this.notice = msg(str`${person.firstName} ${person.lastName} is invited; we sent a link to ${person.email}.`);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      this.inviteErrors =
        Object.keys(fields).length > 0
          ? { ...fields }
          : { form: this.serverMessage(error) || msg('Please try again.') };
      await this.focusFirstInvalid(form);
    } finally {
      this.inviteBusy = false;
    }
  }

  private async focusFirstInvalid(form: HTMLFormElement): Promise<void> {
    await this.updateComplete;
    form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private async saveEdit(event: SubmitEvent, person: PortalPerson): Promise<void> {
    event.preventDefault();
    if (!this.client) return;
    const data = new FormData(event.target as HTMLFormElement);
    const role = data.get('role') as PersonRole;
    // Permissions the caller does not hold are shown but not theirs to change: they stay as they are.
    const held = this.session?.person.permissions ?? [];
    const permissions = [
      ...(data.getAll('permissions') as PersonPermission[]),
      ...person.permissions.filter((permission) => !held.includes(permission)),
    ];
    this.actionError = '';
    try {
      const updated = await this.client.send<PortalPerson>('PATCH', `/persons/${encodeURIComponent(person.id)}`, {
        role,
        permissions,
      });
      this.persons = this.persons.map((p) => (p.id === updated.id ? updated : p));
      this.editing = null;
      this.notice = msg(str`Saved the changes for ${updated.firstName} ${updated.lastName}.`);
    } catch (error) {
      this.actionError = this.serverMessage(error);
    }
  }

  private async removePerson(person: PortalPerson): Promise<void> {
    if (!this.client) return;
    this.actionError = '';
    try {
      await this.client.send<null>('DELETE', `/persons/${encodeURIComponent(person.id)}`);
      this.persons = this.persons.filter((p) => p.id !== person.id);
      this.confirmingRemoval = null;
      this.notice = msg(str`${person.firstName} ${person.lastName} no longer has access.`);
      await this.focusHeading();
    } catch (error) {
      this.actionError = this.serverMessage(error);
    }
  }

  private async startAction(kind: 'edit' | 'remove', person: PortalPerson): Promise<void> {
    this.notice = '';
    this.actionError = '';
    this.editing = kind === 'edit' ? person.id : null;
    this.confirmingRemoval = kind === 'remove' ? person.id : null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(kind === 'edit' ? '.edit select' : '.confirm .danger')?.focus();
  }

  override render() {
    return html`<h2 part="section-heading" tabindex="-1">${msg('Authorised personnel')}</h2>
      <p role="status">${this.notice}</p>
      ${this.renderContent()}`;
  }

  private renderContent() {
    const load = this.load;
    if (load.status === 'loading') return html`<p role="status">${msg('Loading persons…')}</p>`;
    if (load.status === 'error') return html`<p role="alert">${load.message}</p>`;
    const manage = !!this.session && canManagePersons(this.session);
    return html`
      <ul class="cards persons">
        ${load.data.map((person) => this.renderPerson(person, manage))}
      </ul>
      ${this.actionError ? html`<p role="alert">${this.actionError}</p>` : nothing}
      ${
        manage
          ? html`<h3 id="invite-heading">${msg('Invite a person')}</h3>
              ${inviteFormTemplate(this.inviteErrors, this.inviteBusy, this.session!.person.permissions, (event) =>
                this.invite(event),
              )}`
          : nothing
      }
    `;
  }

  private renderPerson(person: PortalPerson, manage: boolean) {
    const me = this.session?.person;
    // Owners are changed by owners only (and not here); nobody changes themselves or a person who holds more.
    const editable = manage && !!me && person.role !== 'owner' && person.id !== me.id && mayDemoteOrRemove(me, person);
    const name = `${person.firstName} ${person.lastName}`;
    return html`<li data-id=${person.id}>
      <strong>${name}</strong>
      <dl>
        <dt>${msg('Role')}</dt>
        <dd class="role">${roleLabel(person.role)}</dd>
        <dt>${msg('E-mail')}</dt>
        <dd><a href="mailto:${person.email}">${person.email}</a></dd>
        <dt>${msg('Phone')}</dt>
        <dd>${person.phone ?? '–'}</dd>
        <dt>${msg('Permissions')}</dt>
        <dd class="permissions">${person.permissions.map(permissionLabel).join(', ') || msg('None')}</dd>
      </dl>
      ${
        editable
          ? html`<div class="actions">
              <button
                type="button"
                aria-label=${msg(str`Change role of ${name}`)}
                @click=${() => this.startAction('edit', person)}
              >
                ${msg('Change role')}
              </button>
              <button
                type="button"
                class="danger"
                aria-label=${msg(str`Remove ${name}`)}
                @click=${() => this.startAction('remove', person)}
              >
                ${msg('Remove')}
              </button>
            </div>`
          : nothing
      }
      ${this.editing === person.id ? this.renderEdit(person) : nothing}
      ${
        this.confirmingRemoval === person.id
          ? html`<div class="confirm" role="group" aria-label=${msg('Confirm removal')}>
              <p>${msg(str`Remove ${name}? They can no longer open the portal.`)}</p>
              <div class="actions">
                <button type="button" class="danger" @click=${() => this.removePerson(person)}>
                  ${msg('Yes, remove')}
                </button>
                <button type="button" @click=${() => (this.confirmingRemoval = null)}>${msg('Cancel')}</button>
              </div>
            </div>`
          : nothing
      }
    </li>`;
  }

  private renderEdit(person: PortalPerson) {
    return html`<form class="edit" @submit=${(event: SubmitEvent) => this.saveEdit(event, person)}>
      <label>
        ${msg('Role')}
        <select name="role">
          ${(['admin', 'member'] as const).map(
            (role) => html`<option value=${role} ?selected=${person.role === role}>${roleLabel(role)}</option>`,
          )}
        </select>
      </label>
      <fieldset>
        <legend>${msg('Permissions')}</legend>
        ${PERMISSIONS.map(
          (permission) =>
            html`<label>
              <input
                type="checkbox"
                name="permissions"
                value=${permission}
                ?checked=${person.permissions.includes(permission)}
                ?disabled=${!this.session?.person.permissions.includes(permission)}
              />
              ${permissionLabel(permission)}
            </label>`,
        )}
      </fieldset>
      <div class="actions">
        <button type="submit" part="primary-button" class="primary">${msg('Save')}</button>
        <button type="button" @click=${() => (this.editing = null)}>${msg('Cancel')}</button>
      </div>
    </form>`;
  }
}
