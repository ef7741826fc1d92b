import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isLanguageTag } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { errors } from '../http/schemas.ts';
import { localeMessages, translatedLocales, type LocaleMessage } from './xliff.ts';

export interface LocaleMessagesResponse {
  locale: string;
  messages: LocaleMessage[];
}

/**
 * Read-only access to the elements' messages for the designer playground:
 * `GET /api/i18n/{locale}/messages` → `{ locale, messages: [{ id, source, target }] }` from `locales/{locale}.xlf`
 * (English: the source texts, `target` null).
 */
export const i18nApi: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context: { config } }) => {
  const localesDir = path.resolve(config.themesDir, '..', 'locales');

  app.get(
    '/:locale/messages',
    {
      schema: {
        summary: "The elements' messages of a language, with their English source (designer playground)",
        tags: ['i18n'],
        params: Type.Object({
          locale: Type.String({
            description: 'A language tag, e.g. `de` or `pt-BR`; anything else is 400 `invalid_locale`.',
          }),
        }),
        response: {
          200: Type.Object(
            {
              locale: Type.String(),
              messages: Type.Array(
                Type.Object(
                  { id: Type.String(), source: Type.String(), target: Type.Union([Type.String(), Type.Null()]) },
                  { additionalProperties: false },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          ...errors(400, 404),
        },
      },
    },
    async (request): Promise<LocaleMessagesResponse> => {
      const { locale } = request.params;
      // The language-tag rule of `@portico/core`: letters, digits and dashes only, never a path.
      if (!isLanguageTag(locale)) {
        throw new HttpError(
          400,
          'invalid_locale',
          `"${locale.slice(0, 40)}" is not a language code like "de" or "pt-BR"`,
        );
      }
      const messages = await localeMessages(localesDir, 'en', locale);
      if (!messages) {
        const known = ['en', ...(await translatedLocales(localesDir))].join(', ');
        throw new HttpError(404, 'unknown_locale', `There are no translations for "${locale}". Available: ${known}`);
      }
      return { locale, messages };
    },
  );
};
