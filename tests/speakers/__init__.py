"""A site's own records that name uploads by URL (``UploadURLField``): a speaker with a photo."""
