"""Word documents laid out as official documents (GB/T 9704-2012): drafts and unit summaries.

``layout`` holds the page, the type and the styles; ``word`` writes a ``Draft`` or a ``Summary``
into them. The command line (``--docx``) and the app's export buttons both call ``word``.
"""
