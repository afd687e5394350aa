"""The line model: what decides the lines of a text dump that no rule file describes.

``features`` (what a line looks like, in any script), ``model`` (the shipped JSON file, applied in
pure Python), ``layer`` (the engine's last layer: a fate for every line no rule took), and, for
retraining only, ``dataset`` and ``train``. docs/linemodel.md tells the whole story.
"""

from cleaner.linemodel.model import CLASSES, LineModel, ModelError, default_model

__all__ = ["CLASSES", "LineModel", "ModelError", "default_model"]
