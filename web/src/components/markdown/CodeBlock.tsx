import { ActionIcon, CopyButton, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import type { Element, ElementContent } from 'hast';
import type { ComponentProps } from 'react';
import type { ExtraProps } from 'react-markdown';
import classes from './Markdown.module.css';

/** Renders a fenced code block with a button that copies its text. */
export function CodeBlock({ node, children, ...props }: ComponentProps<'pre'> & ExtraProps) {
  const text = node === undefined ? '' : textOf(node).replace(/\n$/, '');
  return (
    <div className={classes.codeBlock}>
      <CopyButton value={text}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy code'} withArrow position="left">
            <ActionIcon
              className={classes.copy}
              variant="default"
              size="sm"
              aria-label={copied ? 'Copied' : 'Copy code'}
              onClick={copy}
            >
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
      <pre {...props}>{children}</pre>
    </div>
  );
}

function textOf(node: Element | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}
