#!/usr/bin/env python3
"""Execute a notebook headlessly with its kernel (the Deno kernel for clvkit's examples) and check its outputs.

    /usr/bin/python3 scripts/run-notebook.py examples/notebook/clvkit-cdnow.ipynb OUT.ipynb [OUT.html]

Why not `jupyter nbconvert --execute`: Deno 2.9's kernel sometimes reports "idle" before a cell's output
(an execute_result or display_data, e.g. an awaited Jupyter.display MIME bundle) reaches the iopub
channel; nbclient stops collecting at "idle" and the output is lost. This runner waits for the
execute_reply, then keeps reading the cell's iopub messages until it has seen "idle" AND the channel
has been quiet for SETTLE seconds AND every output the cell promises has arrived (a cell's
metadata.clvkit.expect: "table" = an HTML table, "chart" = SVG or Vega-Lite), up to a per-cell timeout.

With OUT.html the executed notebook is also exported to HTML (nbconvert, lab template). nbconvert 6.5
(Debian 12) passes inline SVG through an HTML sanitizer that strips every SVG element, leaving blank
charts; the export copy therefore also carries each SVG chart as an <img> with a data: URL.

Fails (exit 1) on any error output, any stderr output, a cell without the output it promises, or a
timeout; prints one line per cell. Needs jupyter_client and nbformat (Debian: python3-jupyter-client,
python3-nbformat) and the kernel installed (`deno jupyter --install`).
"""
import os
import queue
import sys
import time

import base64
import copy

import nbformat
from jupyter_client.manager import start_new_kernel

SETTLE = float(os.environ.get('NOTEBOOK_SETTLE_SECONDS', '0.5'))
CELL_TIMEOUT = float(os.environ.get('NOTEBOOK_CELL_TIMEOUT', '300'))
CHART_TYPES = ('image/svg+xml', 'application/vnd.vegalite.v5+json')


def promised(cell, outputs):
    """True when the outputs hold what the cell's metadata says it shows."""
    expect = cell.get('metadata', {}).get('clvkit', {}).get('expect')
    data = [o.get('data', {}) for o in outputs if o.get('output_type') in ('execute_result', 'display_data')]
    if expect == 'table':
        return any('<table' in str(d.get('text/html', '')) for d in data)
    if expect == 'chart':
        return any(any(t in d for t in CHART_TYPES) for d in data)
    return True


def run_cell(kc, cell):
    msg_id = kc.execute(cell.source, store_history=True, allow_stdin=False)
    deadline = time.time() + CELL_TIMEOUT
    reply = None
    while reply is None:
        try:
            msg = kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
        except queue.Empty:
            raise TimeoutError('no execute_reply within %s s' % CELL_TIMEOUT)
        if msg['parent_header'].get('msg_id') == msg_id:
            reply = msg
    outputs = []
    idle = False
    while True:
        remaining = deadline - time.time()
        if remaining <= 0:
            raise TimeoutError('outputs incomplete after %s s (idle seen: %s)' % (CELL_TIMEOUT, idle))
        wait = min(SETTLE, remaining) if idle else remaining
        try:
            msg = kc.get_iopub_msg(timeout=wait)
        except queue.Empty:
            if idle and (promised(cell, outputs) or any(o['output_type'] == 'error' for o in outputs)):
                break
            continue
        if msg['parent_header'].get('msg_id') != msg_id:
            continue
        kind = msg['msg_type']
        if kind == 'status':
            idle = idle or msg['content']['execution_state'] == 'idle'
        elif kind in ('stream', 'display_data', 'execute_result', 'error'):
            outputs.append(nbformat.v4.output_from_msg(msg))
        elif kind == 'clear_output':
            outputs = []
    return reply['content'], outputs


def export_html(nb, path):
    """Export to HTML with every SVG output also as an <img> (see the module doc)."""
    from nbconvert import HTMLExporter
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get('outputs', []):
            svg = output.get('data', {}).get('image/svg+xml')
            if svg is not None:
                url = 'data:image/svg+xml;base64,' + base64.b64encode(svg.encode('utf-8')).decode('ascii')
                output['data'] = {'text/html': '<img alt="chart" src="%s">' % url, 'text/plain': output['data'].get('text/plain', '')}
    body, _ = HTMLExporter(template_name='lab').from_notebook_node(nb)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(body)


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    src, dst = argv[1], argv[2]
    nb = nbformat.read(src, as_version=4)
    cwd = os.path.dirname(os.path.abspath(src))
    km, kc = start_new_kernel(kernel_name=nb.metadata['kernelspec']['name'], cwd=cwd)
    failures = []
    count = 0
    try:
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != 'code':
                continue
            count += 1
            started = time.time()
            try:
                reply, outputs = run_cell(kc, cell)
            except TimeoutError as error:
                failures.append('cell %d: %s' % (index, error))
                print('cell %2d  TIMEOUT %s' % (index, error), flush=True)
                break
            cell.outputs = outputs
            cell.execution_count = reply.get('execution_count')
            kinds = sorted({t for o in outputs for t in o.get('data', {})} | {'stream:' + o['name'] for o in outputs if o['output_type'] == 'stream'})
            problems = []
            if reply.get('status') != 'ok':
                problems.append('status %s: %s %s' % (reply.get('status'), reply.get('ename', ''), reply.get('evalue', '')))
            for o in outputs:
                if o['output_type'] == 'error':
                    problems.append('error output: %s: %s' % (o.get('ename'), o.get('evalue')))
                if o['output_type'] == 'stream' and o['name'] == 'stderr':
                    problems.append('stderr: %s' % o['text'].strip()[:300])
            if not promised(cell, outputs):
                problems.append('missing promised output (%s)' % cell.metadata['clvkit']['expect'])
            print('cell %2d  %5.1fs  %s%s' % (index, time.time() - started, ', '.join(kinds) or '(no output)', ('  FAILED: ' + '; '.join(problems)) if problems else ''), flush=True)
            failures += ['cell %d: %s' % (index, p) for p in problems]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        del kc, km
    nbformat.write(nb, dst)
    if len(argv) == 4:
        export_html(nb, argv[3])
        print('exported to %s' % argv[3])
    if failures:
        print('notebook FAILED (%d problems):\n  %s' % (len(failures), '\n  '.join(failures)), file=sys.stderr)
        return 1
    print('notebook ok: %d code cells, outputs written to %s' % (count, dst))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
