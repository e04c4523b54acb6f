"""The base of expected failures: the CLI and the app show their message, never a traceback."""

from __future__ import annotations


class AssistantError(Exception):
    """An expected failure whose message is written for the user (configuration, busy index, ...)."""


class UnknownUnit(AssistantError):
    """A unit name that matches no unit of the index; ``suggestions`` are the closest names."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        """Record the name asked for and the close names (the message lists them)."""
        self.name = name
        self.suggestions = tuple(suggestions)
        close = f"；相近的单位：{'、'.join(self.suggestions)}" if self.suggestions else ""
        super().__init__(f"索引中没有单位“{name}”{close}")


class EmbedderMismatch(AssistantError):
    """The index was built with another embedder; its vectors must not be mixed."""

    @classmethod
    def between(cls, built: object, current: str) -> EmbedderMismatch:
        """The error for an index built with ``built`` opened with ``current``."""
        return cls(
            f"index was built with {built}; re-index or choose {built} "
            f"(索引由嵌入模型 {built} 建立，当前为 {current}：请用 index --rebuild 重建，"
            f"或设置 ASSISTANT_EMBEDDER 与之一致)"
        )
