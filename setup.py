"""The one build step pyproject.toml cannot say: copy the repository's `articles/` into the wheel as
`reader/samples/`, so an installed `tandem` opens its samples outside a checkout (see `bundled_samples`)."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SAMPLES = Path(__file__).parent / "articles"


class BuildWithSamples(build_py):
    """build_py, plus the sample articles under reader/samples."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "reader" / "samples"
        target.mkdir(parents=True, exist_ok=True)
        for article in sorted(SAMPLES.glob("*.txt")):
            shutil.copyfile(article, target / article.name)


setup(cmdclass={"build_py": BuildWithSamples})
