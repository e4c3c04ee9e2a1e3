import { Typography } from '@mantine/core';
import { memo } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './CodeBlock.tsx';
import classes from './Markdown.module.css';

const components: Components = {
  pre: CodeBlock,
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noreferrer noopener" />,
};

/**
 * Renders model output as GitHub-flavoured Markdown with highlighted code. Raw HTML in
 * the text is shown as text, never parsed, because react-markdown skips it by default.
 */
export default memo(function MarkdownRenderer({ children }: { children: string }) {
  return (
    <Typography className={classes.root}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeHighlight]}
        components={components}
      >
        {children}
      </ReactMarkdown>
    </Typography>
  );
});
