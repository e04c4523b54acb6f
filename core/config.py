"""Settings: one typed, immutable record, read from the environment once at the composition root."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The checkout (or install) folder that holds ``assistant/``."""

SAMPLE_CORPUS = PROJECT_ROOT / "data" / "sample"
"""The fictional sample notices shipped for the demo."""

EmbedderName = Literal["e5", "openai", "hash"]
"""e5: multilingual-e5-small in-process (default); openai: an OpenAI-compatible endpoint; hash: tests only."""

ParseIsolation = Literal["process", "inline"]
"""process: each file is parsed in a worker process with memory and time budgets (default); inline:
in the indexing process itself, without budgets (for profiling and debugging)."""

# Chroma reads these at import; set them before anything imports chromadb.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("CHROMA_TELEMETRY", "False")


HISTORY_TURNS = 4
"""Earlier question/answer pairs a follow-up question is read with (the app keeps as many)."""


@dataclass(frozen=True)
class Settings:
    """Everything the assistant and the indexer can be configured with."""

    store_dir: Path = field(default=PROJECT_ROOT / "store", metadata={"env": "ASSISTANT_STORE"})
    """Folder of the embedded Chroma store, the keyword index and the index lock."""
    chroma_url: str | None = field(default=None, metadata={"env": "ASSISTANT_CHROMA_URL"})
    """``http://host:port`` of a Chroma server; when set, the store is a client of it."""
    collection: str = field(default="notices", metadata={"env": "ASSISTANT_COLLECTION"})
    """Prefix of the Chroma collection names."""
    embedder: EmbedderName = field(default="e5", metadata={"env": "ASSISTANT_EMBEDDER"})
    """Which embedder makes the dense vectors."""
    embedding_model: str = field(
        default="text-embedding-3-small", metadata={"env": "ASSISTANT_EMBEDDING_MODEL"}
    )
    """Model name when ``embedder`` is ``openai``."""
    openai_api_key: str | None = field(default=None, repr=False, metadata={"env": "OPENAI_API_KEY"})
    """Key of the OpenAI-compatible endpoint; never logged or written."""
    openai_base_url: str | None = field(default=None, metadata={"env": "OPENAI_BASE_URL"})
    """Base URL of the OpenAI-compatible endpoint (OpenAI, DeepSeek, Qwen, Ollama, vLLM)."""
    llm_model: str | None = field(default=None, metadata={"env": "ASSISTANT_MODEL"})
    """Chat model name; with neither key nor base URL the assistant runs extractive."""
    llm_timeout: float = field(default=60.0, metadata={"env": "ASSISTANT_LLM_TIMEOUT"})
    """Seconds a model reply may take in all (streamed replies included) before it is abandoned."""
    llm_max_retries: int = field(default=2, metadata={"env": "ASSISTANT_LLM_RETRIES"})
    """Retries on 429/5xx (Retry-After honoured, bounded)."""
    llm_max_tokens: int = field(default=800, metadata={"env": "ASSISTANT_LLM_MAX_TOKENS"})
    """Output budget of one model reply (sent as ``max_tokens``); a reply cut at it is not used."""
    llm_temperature: float = field(default=0.2, metadata={"env": "ASSISTANT_LLM_TEMPERATURE"})
    """Sampling temperature sent with every request (low: answers keep to the passages)."""
    max_file_mb: float = field(default=20.0, metadata={"env": "ASSISTANT_MAX_FILE_MB"})
    """Files larger than this are skipped by indexing with the reason (a real notice file is well under 2 MB)."""
    parse_isolation: ParseIsolation = field(default="process", metadata={"env": "ASSISTANT_PARSE_ISOLATION"})
    """Where a file is parsed (load → chunk): in a worker process under the two budgets below, or inline."""
    parse_memory_mb: int = field(default=1024, metadata={"env": "ASSISTANT_PARSE_MEMORY_MB"})
    """Memory (address space) the parse worker may use; a file that needs more is skipped. 0: no limit."""
    parse_timeout: float = field(default=120.0, metadata={"env": "ASSISTANT_PARSE_TIMEOUT"})
    """Seconds the parsing of one file may take before it is stopped and the file skipped. 0: no limit."""
    max_unpacked_mb: float = field(default=200.0, metadata={"env": "ASSISTANT_MAX_UNPACKED_MB"})
    """Zip containers (.docx …) declaring more than this unpacked are refused unopened (a notice: < 5 MB)."""
    max_image_pixels: int = field(default=100_000_000, metadata={"env": "ASSISTANT_MAX_IMAGE_PIXELS"})
    """Images declaring more pixels are refused undecoded (a page scanned at 600 dpi: 35 million)."""
    max_pdf_pages: int = field(default=1000, metadata={"env": "ASSISTANT_MAX_PDF_PAGES"})
    """PDFs (and OFD files) with more pages are refused with the reason, not cut short."""
    ocr_max_pages: int = field(default=300, metadata={"env": "ASSISTANT_OCR_MAX_PAGES"})
    """Pages of one file text recognition may read (scanned PDF pages, image frames); more: the file is skipped."""
    ocr_max_seconds: float = field(default=600.0, metadata={"env": "ASSISTANT_OCR_MAX_SECONDS"})
    """Seconds text recognition may spend on one file (about 2–4 s a page); longer: the file is skipped."""
    ocr_memory_mb: int = field(default=3072, metadata={"env": "ASSISTANT_OCR_MEMORY_MB"})
    """Memory (address space) the parse worker may use while recognizing text (the models need about 1.5 GB)."""
    ocr_min_confidence: float = field(default=0.80, metadata={"env": "ASSISTANT_OCR_MIN_CONFIDENCE"})
    """Recognized pages whose mean box score is below this are listed in the index report for checking."""
    soffice: str = field(default="soffice", metadata={"env": "ASSISTANT_SOFFICE"})
    """LibreOffice's program (a name looked up on PATH, or a path) that converts .doc/.wps files to .docx."""
    chunk_tokens: int = field(default=320, metadata={"env": "ASSISTANT_CHUNK_TOKENS"})
    """Upper bound of a chunk in cl100k tokens."""
    k: int = field(default=6, metadata={"env": "ASSISTANT_K"})
    """Passages given to the answerer."""
    context_tokens: int = field(default=3000, metadata={"env": "ASSISTANT_CONTEXT_TOKENS"})
    """Token budget of the passages in one prompt."""
    keyword_weight: float = field(default=0.75, metadata={"env": "ASSISTANT_KEYWORD_WEIGHT"})
    """Weight of the keyword ranking in the fusion (dense gets 1 - this); tuned on the dev questions."""
    db_path: Path | None = field(default=None, metadata={"env": "ASSISTANT_DB"})
    """SQLite file of accounts, grants, the audit trail and saved conversations (default ``<store>/assistant.sqlite``)."""
    max_question_chars: int = field(default=500, metadata={"env": "ASSISTANT_MAX_QUESTION"})
    """Longest question, retrieval query or unit name accepted, in characters."""
    max_instruction_chars: int = field(default=3000, metadata={"env": "ASSISTANT_MAX_INSTRUCTION"})
    """Longest drafting instruction accepted (a rewrite task carries the text to rewrite)."""
    session_hours: float = field(default=12.0, metadata={"env": "ASSISTANT_SESSION_HOURS"})
    """How long a local sign-in in the app lasts (the browser keeps it across reloads)."""
    sso_claim: str = field(default="email", metadata={"env": "ASSISTANT_SSO_CLAIM"})
    """The OIDC claim whose value names the local account of a single-sign-on user."""

    @property
    def database(self) -> Path:
        """Where the accounts database is: ``db_path``, else ``assistant.sqlite`` in the store folder.

        >>> Settings(store_dir=Path("/srv/store")).database.as_posix()
        '/srv/store/assistant.sqlite'
        """
        return self.db_path or self.store_dir / "assistant.sqlite"

    @property
    def llm_configured(self) -> bool:
        """True when an endpoint is set (a key or a base URL)."""
        return bool(self.openai_api_key or self.openai_base_url)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read every field from its environment variable (see ``metadata['env']``), then apply overrides.

        >>> Settings.from_env({"ASSISTANT_K": "9"}).k
        9
        """
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f.metadata.get("env", ""), "")
            if raw == "":
                continue
            if f.name in ("store_dir", "db_path"):
                values[f.name] = Path(raw).expanduser()
            elif f.type == "int":
                values[f.name] = int(raw)
            elif f.type == "float":
                values[f.name] = float(raw)
            else:
                values[f.name] = raw
        if "llm_model" not in values and env.get("OPENAI_MODEL"):
            values["llm_model"] = env["OPENAI_MODEL"]
        settings = cls(**values)
        return replace(settings, **overrides) if overrides else settings
