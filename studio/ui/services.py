"""What the window drives, built by the composition root (ui.app.build_window) and handed
in: the engine (its own process, or in-process for tests), the audio player, the worker
thread, and the generation controller over them."""

from __future__ import annotations

from dataclasses import dataclass

from studio.audio.playback import Player
from studio.ui.generation import GenerationController
from studio.ui.playback import PlaybackController
from studio.ui.worker import Worker


@dataclass(frozen=True)
class WindowServices:
    engine: object  # app.engine_process.EngineProcess or InProcessEngine: call(command, report, stop), close()
    player: Player
    worker: Worker
    generation: GenerationController
    playback: PlaybackController

    @classmethod
    def over(cls, engine, player: Player) -> WindowServices:
        worker = Worker()
        return cls(engine, player, worker, GenerationController(engine, worker), PlaybackController(player))

    def close(self) -> None:
        self.player.close()
        self.worker.shutdown()
        self.engine.close()
