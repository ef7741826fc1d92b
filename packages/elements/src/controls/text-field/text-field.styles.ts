import { css } from 'lit';

export const textFieldStyles = css`
  .hint {
    margin: 0 0 0.25rem;
  }
`;
