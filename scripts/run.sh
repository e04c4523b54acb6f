#!/usr/bin/env bash
# Set up like scripts/setup.sh (skipped when nothing changed), index the sample notices on the first
# run only (when no knowledge base holds a notice yet), then open the chat app.
# Environment: ASSISTANT_STORE, OPENAI_API_KEY / OPENAI_BASE_URL / ASSISTANT_MODEL (see README);
# PORT (default 8501) and HOST (default localhost) for the app. Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
HELD=$(.venv/bin/assistant kb list --json | .venv/bin/python -c "import json, sys; print(sum(k['notices'] for k in json.load(sys.stdin)))")
if [ "$HELD" = "0" ]; then
    echo "知识库为空，正在索引示例通报 data/sample …"
    .venv/bin/assistant index data/sample
fi
PORT=${PORT:-8501}
HOST=${HOST:-localhost}
echo "整改通报助手: http://${HOST}:${PORT}"
exec .venv/bin/streamlit run app.py \
    --server.headless true --server.address "$HOST" --server.port "$PORT" \
    --browser.gatherUsageStats false "$@"
