#!/usr/bin/env bash
# Set up like scripts/setup.sh, index the sample notices if the index is empty, then open the chat app.
# Environment: ASSISTANT_STORE, OPENAI_API_KEY / OPENAI_BASE_URL / ASSISTANT_MODEL (see README);
# PORT (default 8501) and HOST (default localhost) for the app. Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ "$(.venv/bin/assistant notices --json | tr -d '[:space:]')" = "[]" ]; then
    echo "索引为空，正在索引示例通报 data/sample …"
    .venv/bin/assistant index data/sample
fi
PORT=${PORT:-8501}
HOST=${HOST:-localhost}
echo "整改通报助手: http://${HOST}:${PORT}"
exec .venv/bin/streamlit run app.py \
    --server.headless true --server.address "$HOST" --server.port "$PORT" \
    --browser.gatherUsageStats false "$@"
