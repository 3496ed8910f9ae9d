-- One response per member per survey (resumable across pages, editable by taking it again).
CREATE TABLE survey_responses (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id     BIGINT NOT NULL,
    survey_id    TEXT   NOT NULL,
    member_id    BIGINT NOT NULL,
    started_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    completed_at BIGINT,
    UNIQUE (guild_id, survey_id, member_id)
);

CREATE TABLE survey_answers (
    response_id BIGINT NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
    question_id TEXT   NOT NULL,
    answer      TEXT   NOT NULL,
    PRIMARY KEY (response_id, question_id)
);
